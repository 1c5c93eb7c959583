package com.promo.claim;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.claim.claim.ClaimStore;
import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.Topic;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.coupon.TemplateChanged;
import com.promo.contracts.coupon.TemplateSnapshot;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.contracts.coupon.Validity;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestTokens;
import com.promo.testsupport.TopicRecorder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The frozen end of the stock (every unit here: the freeze threshold is above the stock), against
 * a stand-in wallet on a JDK HTTP server that answers, refuses or answers too late. A unit goes back
 * only when the wallet surely decided nothing; when the answer is late the wallet may have granted
 * the coupon, so the claim is accepted and handed to Kafka instead (a coupon never exists for a
 * claim whose client was told "nothing was taken"). The instance admits one claim at a time
 * ({@code max-in-flight=1}), so a claim arriving while another waits for the wallet is shed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "promo.claim.freeze-threshold=1000", "promo.claim.reconcile-interval=1h",
				"promo.claim.wallet-timeout=2s", "promo.claim.max-in-flight=1" })
class FrozenUnitsIT {

	enum Mode {

		ISSUE, REFUSE, LATE, HOLD

	}

	/** HOLD: the wallet answers only once the test lets it. */
	static volatile java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(0);

	static final AtomicReference<Mode> mode = new AtomicReference<>(Mode.ISSUE);

	static final AtomicInteger calls = new AtomicInteger();

	static final HttpServer wallet = StandInWallet.start(FrozenUnitsIT::settle);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.database(registry, "it_claim_frozen");
		String group = "it-claim-frozen-" + UUID.randomUUID();
		registry.add("spring.kafka.consumer.group-id", () -> group);
		registry.add("promo.claim.wallet-url", () -> "http://127.0.0.1:" + wallet.getAddress().getPort());
	}

	@AfterAll
	static void stopWallet() {
		wallet.stop(0);
	}

	/** The wallet's settle endpoint: ISSUED at once, 400 (decided nothing), or ISSUED too late. */
	static void settle(HttpExchange exchange) throws IOException {
		calls.incrementAndGet();
		String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Mode now = mode.get();
		if (now == Mode.REFUSE) {
			byte[] problem = "{\"status\":400,\"code\":\"VALIDATION_FAILED\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
			exchange.sendResponseHeaders(400, problem.length);
			exchange.getResponseBody().write(problem);
			exchange.close();
			return;
		}
		try {
			if (now == Mode.LATE) {
				Thread.sleep(3000);
			}
			if (now == Mode.HOLD) {
				held.await(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		byte[] settled = """
				{"eventId":"%s","claimId":"%s","templateId":"%s","userId":"%s","outcome":"ISSUED","couponId":"%d",
				 "code":null,"occurredAt":"%s"}""".formatted(UUID.randomUUID(), StandInWallet.field(request, "claimId"),
				StandInWallet.field(request, "templateId"), StandInWallet.field(request, "userId"),
				TsidCreator.getTsid().toLong(), Instant.now())
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		try {
			exchange.sendResponseHeaders(200, settled.length);
			exchange.getResponseBody().write(settled);
		}
		catch (IOException clientGaveUp) {
			// the late answer's caller has timed out already: that is the point
		}
		exchange.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	ClaimStore store;

	long enabledTemplate(int stock) throws Exception {
		long id = TsidCreator.getTsid().toLong();
		Instant now = Instant.now();
		TemplateSnapshot snapshot = new TemplateSnapshot(String.valueOf(id), "1", "77", "310000", CouponType.AMOUNT_OFF,
				"t", 1000L, null, null, null, null, 0, Deduction.FIRST_MONTH, stock, 5, Validity.floating(7),
				Audience.all(), TemplateStatus.ENABLED, 1, now.minusSeconds(60), now.plus(Duration.ofDays(1)),
				ActivityKind.COUPON);
		TemplateChanged event = new TemplateChanged(UUID.randomUUID().toString(), snapshot, now);
		this.kafka.send(Topic.COUPON_TEMPLATE_EVENTS.wireName(), event.key(), EventCodec.encode(event.toEnvelope()))
			.get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.exists(id));
		return id;
	}

	HttpResponse<String> claim(long templateId, long userId) {
		return ApiClient.local(this.port)
			.post("/api/coupon-templates/" + templateId + "/claims", TestTokens.token(String.valueOf(userId), "CONSUMER"),
					null);
	}

	@Test
	void aWalletThatIssuesAtOnceSettlesTheClaimBeforeThe201() throws Exception {
		mode.set(Mode.ISSUE);
		long template = enabledTemplate(5);

		HttpResponse<String> answer = claim(template, 6001);

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
		assertThat(this.store.remaining(template)).isEqualTo(4);
		assertThat(this.store.pendingCount(template)).as("settled before the answer").isZero();
	}

	@Test
	void aWalletThatDecidedNothingGetsTheUnitBackAnd503() throws Exception {
		mode.set(Mode.REFUSE);
		long template = enabledTemplate(5);
		int before = calls.get();

		HttpResponse<String> answer = claim(template, 6002);

		assertThat(calls.get()).as("the wallet was asked").isGreaterThan(before);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
		assertThat(this.store.remaining(template)).as("nothing was taken").isEqualTo(5);
		assertThat(this.store.pendingCount(template)).isZero();
	}

	@Test
	void aClaimBeyondTheAdmissionBoundIsRefusedAtOnceWithNothingTaken() throws Exception {
		mode.set(Mode.HOLD);
		held = new java.util.concurrent.CountDownLatch(1);
		long template = enabledTemplate(5);
		int before = calls.get();
		try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor()) {
			java.util.concurrent.Future<HttpResponse<String>> first = pool.submit(() -> claim(template, 6004));
			await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() > before); // it holds the only slot

			HttpResponse<String> second = claim(template, 6005);

			assertThat(second.statusCode()).as(second.body()).isEqualTo(503);
			assertThat((String) json(second, "$.code")).isEqualTo("UNAVAILABLE");
			assertThat(this.store.remaining(template)).as("only the first claim took a unit").isEqualTo(4);
			held.countDown();
			assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
		}
		finally {
			held.countDown();
		}
		assertThat(claim(template, 6005).statusCode()).as("admitted again once the slot is free").isEqualTo(201);
	}

	/** The case a SIGKILLed or restarting wallet produced: it granted, but answered after the timeout. */
	@Test
	void aLateWalletAnswerNeverGivesTheUnitBackTheClaimIsAcceptedAndHandedToKafka() throws Exception {
		mode.set(Mode.LATE);
		long template = enabledTemplate(5);
		try (TopicRecorder claims = new TopicRecorder(Topic.CLAIM_EVENTS.wireName())) {
			HttpResponse<String> answer = claim(template, 6003);

			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
			String claimId = json(answer, "$.claimId");
			assertThat(this.store.remaining(template)).as("the unit stays taken").isEqualTo(4);
			assertThat(this.store.pendingCount(template)).as("pending until the wallet's settlement arrives").isOne();
			assertThat(claims.await(e -> claimId.equals(e.payload().get("claimId").asString()), seen -> !seen.isEmpty(),
					Duration.ofSeconds(20)))
				.extracting(EventEnvelope::type)
				.containsExactly("ClaimAccepted");
		}
	}

}
