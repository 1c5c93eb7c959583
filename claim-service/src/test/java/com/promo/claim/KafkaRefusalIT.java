package com.promo.claim;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.claim.claim.ClaimStore;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestTokens;
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
 * that Redis reserved but Kafka would not take is undone and answered 503, nothing taken. The
 * template is known from the database, so the claim state is rebuilt into the real Redis Cluster.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=127.0.0.1:1", "spring.kafka.producer.properties.max.block.ms=500",
				"spring.kafka.admin.auto-create=false", "spring.kafka.listener.auto-startup=false",
				"promo.claim.freeze-threshold=0", "promo.claim.reconcile-interval=1h",
				"management.endpoint.health.group.readiness.include=readinessState" })
class KafkaRefusalIT {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:1");
		PromoTestProperties.database(registry, "it_claim_refusal");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ClaimStore store;

	@Test
	void aClaimKafkaDoesNotTakeIsUndoneAndAnswered503() {
		long template = TsidCreator.getTsid().toLong();
		Instant now = Instant.now();
		this.jdbc.update("""
				INSERT INTO template_state (template_id, status, claim_start, claim_end, audience_type, crowd_id,
				  per_user_limit, total_stock, version)
				VALUES (?, 'ENABLED', ?, ?, 'ALL', NULL, 1, 5, 1)""", template,
				java.time.LocalDateTime.ofInstant(now.minusSeconds(60), java.time.ZoneOffset.UTC),
				java.time.LocalDateTime.ofInstant(now.plus(Duration.ofDays(1)), java.time.ZoneOffset.UTC));

		HttpResponse<String> refused = ApiClient.local(this.port)
			.post("/api/coupon-templates/" + template + "/claims", TestTokens.token("7", "CONSUMER"), null);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
		assertThat((String) json(refused, "$.code")).isEqualTo("UNAVAILABLE");
		assertThat(this.store.exists(template)).as("the state was rebuilt").isTrue();
		assertThat(this.store.remaining(template)).as("nothing taken").isEqualTo(5);
		assertThat(this.store.pendingCount(template)).isZero();
		HttpResponse<String> again = ApiClient.local(this.port)
			.post("/api/coupon-templates/" + template + "/claims", TestTokens.token("7", "CONSUMER"), null);
		assertThat(again.statusCode()).as("the user's count was given back too: not LIMIT_REACHED").isEqualTo(503);
	}

}
