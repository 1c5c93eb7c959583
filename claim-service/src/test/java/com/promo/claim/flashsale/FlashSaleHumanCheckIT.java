package com.promo.claim.flashsale;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.testsupport.ApiClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.promo.claim.flashsale.FlashSaleFixture.consumer;
import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The human check switched on ({@code promo.flash-sale.human-check=true}) with a verifier of our own
 * declared as a bean: it replaces the default (which accepts everyone), and a caller it refuses gets
 * a 403 problem and no token, spending none of the token budgets. The check switched off is
 * {@code FlashSaleApiIT}: there a verifier that refuses everyone is declared and never asked.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "promo.flash-sale.human-check=true", "promo.flash-sale.user-token-budget=2",
				"promo.flash-sale.ip-token-budget=1000000", "promo.flash-sale.token-budget-period=1h",
				"promo.claim.reconcile-interval=1h" })
class FlashSaleHumanCheckIT {

	/** A stand-in for a captcha verifier: passes the one proof it knows, and remembers what it was asked. */
	static final class ProofCheck implements HumanCheck {

		static final String PROOF = "solved-captcha";

		final List<String> asked = new CopyOnWriteArrayList<>();

		@Override
		public boolean passed(long userId, String proof) {
			this.asked.add(userId + ":" + proof);
			return PROOF.equals(proof);
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Verifier {

		@Bean
		ProofCheck proofCheck() {
			return new ProofCheck();
		}

	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		FlashSaleFixture.infrastructure(registry, "it_flash_human");
	}

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	FlashSaleStore store;

	@Autowired
	ProofCheck verifier;

	@Autowired
	MeterRegistry meters;

	HttpResponse<String> takeToken(long sale, long user, String proof) {
		String[] headers = proof == null ? new String[0] : new String[] { "X-Human-Check", proof };
		return ApiClient.local(this.port).post("/api/flash-sales/" + sale + "/tokens", consumer(user), null, headers);
	}

	double tokens(String result) {
		return this.meters.find("promo.flash-sale.tokens")
			.tag("result", result)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	@Test
	void aCallerTheCheckRefusesGetsA403ProblemAndNoTokenAndSpendsNoBudget() {
		long sale = FlashSaleFixture.runningSale(this.kafka, this.store, 10, 1);
		long user = TsidCreator.getTsid().toLong();
		double issued = tokens("ISSUED");
		double failed = tokens("HUMAN_CHECK_FAILED");

		// three refusals, one more than the user's budget of 2
		for (String proof : new String[] { null, "a-robot", "solved-captcha-not" }) {
			HttpResponse<String> refused = takeToken(sale, user, proof);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
			assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
					type -> assertThat(type).startsWith("application/problem+json"));
			assertThat((String) json(refused, "$.code")).isEqualTo("FORBIDDEN");
			assertThat(refused.body()).doesNotContain("\"token\"");
		}
		assertThat(this.verifier.asked).as("the proof from X-Human-Check, null when absent")
			.containsSubsequence(user + ":null", user + ":a-robot", user + ":solved-captcha-not");
		assertThat(tokens("ISSUED")).as("nothing issued").isEqualTo(issued);
		assertThat(tokens("HUMAN_CHECK_FAILED")).isEqualTo(failed + 3);

		// the refusals spent none of the budget: two tokens with the proof, then 429
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> passed = takeToken(sale, user, ProofCheck.PROOF);
			assertThat(passed.statusCode()).as(passed.body()).isEqualTo(201);
			assertThat((String) json(passed, "$.token")).isNotBlank();
		}
		HttpResponse<String> overBudget = takeToken(sale, user, ProofCheck.PROOF);
		assertThat(overBudget.statusCode()).as(overBudget.body()).isEqualTo(429);
		assertThat(tokens("ISSUED")).isEqualTo(issued + 2);
	}

	@Test
	void aDeclaredHumanCheckReplacesTheDefault(@Autowired ApplicationContext context) {
		assertThat(context.getBeansOfType(HumanCheck.class)).as("ours alone, no default beside it")
			.containsOnlyKeys("proofCheck");
		long sale = FlashSaleFixture.runningSale(this.kafka, this.store, 10, 1);
		long user = TsidCreator.getTsid().toLong();

		assertThat(takeToken(sale, user, "anything").statusCode()).as("the default would accept anyone")
			.isEqualTo(403);
		HttpResponse<String> passed = takeToken(sale, user, ProofCheck.PROOF);
		assertThat(passed.statusCode()).as(passed.body()).isEqualTo(201);
		assertThat(this.verifier.asked).contains(user + ":anything", user + ":" + ProofCheck.PROOF);
	}

}
