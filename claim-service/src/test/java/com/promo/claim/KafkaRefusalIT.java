package com.promo.claim;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.claim.claim.ClaimStore;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestTokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * claim-service whose Kafka broker cannot be reached (nothing listens on its address): a claim
 * that Redis reserved but Kafka did not acknowledge keeps its unit (a broker may have written a
 * record it never acknowledged, which the wallet would grant later) and is settled by the wallet's
 * database before the answer, here a stand-in wallet on a JDK HTTP server (FrozenUnitsIT's). When
 * the wallet decides nothing either, the claim is accepted and stays pending for the re-drive; it
 * is never answered "503, nothing taken" while its unit is held. The template is known from the
 * database, so the claim state is rebuilt into the real Redis Cluster.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=127.0.0.1:1", "spring.kafka.producer.properties.max.block.ms=500",
				"spring.kafka.admin.auto-create=false", "spring.kafka.listener.auto-startup=false",
				"promo.claim.freeze-threshold=0", "promo.claim.reconcile-interval=1h",
				"management.endpoint.health.group.readiness.include=readinessState" })
class KafkaRefusalIT {

	/** false: the wallet refuses with a 400, so it surely decided nothing. */
	static final AtomicBoolean walletIssues = new AtomicBoolean(true);

	static final AtomicInteger walletCalls = new AtomicInteger();

	static final HttpServer wallet = StandInWallet.start(KafkaRefusalIT::settle);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:1");
		PromoTestProperties.database(registry, "it_claim_refusal");
		registry.add("promo.claim.wallet-url", () -> "http://127.0.0.1:" + wallet.getAddress().getPort());
	}

	@AfterAll
	static void stopWallet() {
		wallet.stop(0);
	}

	static void settle(HttpExchange exchange) throws IOException {
		walletCalls.incrementAndGet();
		String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		int status = walletIssues.get() ? 200 : 400;
		byte[] body = (walletIssues.get() ? """
				{"eventId":"%s","claimId":"%s","templateId":"%s","userId":"%s","outcome":"ISSUED","couponId":"%d",
				 "code":null,"occurredAt":"%s"}""".formatted(UUID.randomUUID(), StandInWallet.field(request, "claimId"),
				StandInWallet.field(request, "templateId"), StandInWallet.field(request, "userId"),
				TsidCreator.getTsid().toLong(), Instant.now()) : "{\"status\":400,\"code\":\"VALIDATION_FAILED\"}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", walletIssues.get() ? "application/json" : "application/problem+json");
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ClaimStore store;

	@Test
	void aClaimKafkaDoesNotAcknowledgeIsSettledByTheWalletsDatabase() {
		walletIssues.set(true);
		long template = template();
		int before = walletCalls.get();

		HttpResponse<String> claimed = claim(template, 7);

		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		assertThat(walletCalls.get() - before).as("the wallet was asked once").isEqualTo(1);
		assertThat(this.store.exists(template)).as("the state was rebuilt").isTrue();
		assertThat(this.store.remaining(template)).as("the unit stays taken").isEqualTo(4);
		assertThat(this.store.pendingCount(template)).as("settled: nothing left pending").isZero();
		HttpResponse<String> read = ApiClient.local(this.port)
			.get("/api/claims/" + json(claimed, "$.claimId"), TestTokens.token("7", "CONSUMER"));
		assertThat((String) json(read, "$.status")).as(read.body()).isEqualTo("ISSUED");
	}

	@Test
	void withTheWalletUndecidedTooTheClaimStaysPendingAndKeepsItsUnit() {
		walletIssues.set(false);
		long template = template();
		int before = walletCalls.get();

		HttpResponse<String> claimed = claim(template, 8);

		assertThat(claimed.statusCode()).as("accepted: its unit is held, so never '503, nothing taken'; %s", claimed.body())
			.isEqualTo(201);
		assertThat(walletCalls.get() - before).as("the wallet was asked once").isEqualTo(1);
		assertThat(this.store.remaining(template)).as("the unit stays taken").isEqualTo(4);
		assertThat(this.store.pendingCount(template)).as("pending for the reconciliation's re-drive").isEqualTo(1);
		HttpResponse<String> again = claim(template, 8);
		assertThat(again.statusCode()).as("the user's count stays taken too (limit 1): %s", again.body()).isEqualTo(409);
		assertThat((String) json(again, "$.code")).isEqualTo("LIMIT_REACHED");
	}

	/** An enabled template of 5 units, limit 1, known only to the database. */
	long template() {
		long template = TsidCreator.getTsid().toLong();
		Instant now = Instant.now();
		this.jdbc.update("""
				INSERT INTO template_state (template_id, status, claim_start, claim_end, audience_type, crowd_id,
				  per_user_limit, total_stock, version)
				VALUES (?, 'ENABLED', ?, ?, 'ALL', NULL, 1, 5, 1)""", template,
				java.time.LocalDateTime.ofInstant(now.minusSeconds(60), java.time.ZoneOffset.UTC),
				java.time.LocalDateTime.ofInstant(now.plus(Duration.ofDays(1)), java.time.ZoneOffset.UTC));
		return template;
	}

	HttpResponse<String> claim(long template, long user) {
		return ApiClient.local(this.port)
			.post("/api/coupon-templates/" + template + "/claims", TestTokens.token(String.valueOf(user), "CONSUMER"), null);
	}

}
