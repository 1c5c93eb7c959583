package com.promo.pricing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeoutException;

import com.promo.testsupport.TestTokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /internal/prices/verify}: strong membership from crowd-sync (not the Redis copy), and
 * failing closed when crowd-sync is stopped, slow, or behind an open circuit breaker.
 */
class VerifyIT extends PricingTestBase {

	final String service = TestTokens.token("0", "SERVICE");

	record Setup(long seller, long itemId, long user) {
	}

	/** An item at 2000 with fan prices ALL_FANS 1800 and OLD_FANS 1500. */
	Setup itemWithFanPrices() {
		long seller = newId();
		long itemId = item(seller, 2000);
		fanPrice(seller, itemId, "ALL_FANS", 1800);
		fanPrice(seller, itemId, "OLD_FANS", 1500);
		return new Setup(seller, itemId, newId());
	}

	HttpResponse<String> verify(long user, long itemId, long price) {
		return api().post("/internal/prices/verify", this.service,
				"{\"userId\":\"%d\",\"itemId\":\"%d\",\"price\":%d}".formatted(user, itemId, price));
	}

	@Test
	void thePriceIsProvenWithTheDurableStoreNotTheRedisCopy() {
		Setup s = itemWithFanPrices();
		memberInRedis(s.user(), s.seller() + "_old_fans"); // Redis says old fan, the store does not
		STRONG_MEMBERS.add(s.seller() + "_all_fans|" + s.user());

		HttpResponse<String> tooLow = verify(s.user(), s.itemId(), 1500);
		assertThat(tooLow.statusCode()).as(tooLow.body()).isEqualTo(200);
		assertThat((Boolean) json(tooLow, "$.eligible")).isFalse();
		assertThat((Integer) json(tooLow, "$.price")).isEqualTo(1800);
		assertThat((Boolean) json(verify(s.user(), s.itemId(), 1800), "$.eligible")).isTrue();

		STRONG_MEMBERS.add(s.seller() + "_old_fans|" + s.user());
		assertThat((Boolean) json(verify(s.user(), s.itemId(), 1500), "$.eligible")).isTrue();
		HttpResponse<String> stranger = verify(newId(), s.itemId(), 1800);
		assertThat((Boolean) json(stranger, "$.eligible")).isFalse();
		assertThat((Integer) json(stranger, "$.price")).isEqualTo(2000);
	}

	@Test
	void whenCrowdSyncIsStoppedVerificationFailsClosedAndTheBreakerOpens() {
		Setup s = itemWithFanPrices();
		STRONG_MEMBERS.add(s.seller() + "_all_fans|" + s.user());
		CROWD_SYNC.stop();

		for (int i = 0; i < 4; i++) {
			HttpResponse<String> refused = verify(s.user(), s.itemId(), 1800);
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
			assertThat((String) json(refused, "$.code")).isEqualTo("UNAVAILABLE");
		}
		assertThat(this.breakers.circuitBreaker("crowd-sync").getState()).isEqualTo(CircuitBreaker.State.OPEN);
		CROWD_SYNC.up();
		int callsBefore = CROWD_SYNC.calls();
		assertThat(verify(s.user(), s.itemId(), 1800).statusCode()).as("open: refused without calling").isEqualTo(503);
		assertThat(CROWD_SYNC.calls()).isEqualTo(callsBefore);
		assertThat(api().get("/actuator/prometheus", null).body()).contains("resilience4j_circuitbreaker_state");
	}

	@Test
	void aSlowCrowdSyncIsCutOffByTheTimeLimiter() {
		Setup s = itemWithFanPrices();
		STRONG_MEMBERS.add(s.seller() + "_all_fans|" + s.user());
		// slower than the socket's read timeout too (limit + 1 s): only the time limiter tells them apart
		CROWD_SYNC.answerAfter(Duration.ofSeconds(3));
		Queue<Throwable> failures = failuresOf("crowd-sync");
		int callsBefore = CROWD_SYNC.calls();

		HttpResponse<String> refused = verify(s.user(), s.itemId(), 1800);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
		assertThat(CROWD_SYNC.calls()).as("the call reached the slow crowd-sync").isEqualTo(callsBefore + 1);
		assertThat(failures).as("the breaker's failures: the time limiter's cut-off, not a read timeout")
			.singleElement()
			.isInstanceOf(TimeoutException.class);
		assertThat(this.breakers.circuitBreaker("crowd-sync").getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		CROWD_SYNC.answerAfter(Duration.ZERO);
		assertThat((Boolean) json(verify(s.user(), s.itemId(), 1800), "$.eligible")).isTrue();
	}

	@Test
	void withoutAnActiveFanPriceNoMembershipIsAskedAndTheListPriceIsTheProof() {
		long seller = newId();
		long itemId = item(seller, 2000);
		CROWD_SYNC.stop();

		HttpResponse<String> verdict = verify(newId(), itemId, 2000);
		assertThat(verdict.statusCode()).as(verdict.body()).isEqualTo(200);
		assertThat((Boolean) json(verdict, "$.eligible")).isTrue();
		assertThat((Boolean) json(verify(newId(), itemId, 1999), "$.eligible")).isFalse();
	}

	@Test
	void badRequestsAndWrongCallersAreRefused() {
		HttpResponse<String> empty = api().post("/internal/prices/verify", this.service, "{}");
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat((List<String>) json(empty, "$.errors[*].field")).contains("userId", "itemId", "price");
		assertThat(verify(newId(), newId(), 100).statusCode()).as("no such item").isEqualTo(404);
		assertThat(api().post("/internal/prices/verify", consumer(1), "{}").statusCode()).isEqualTo(403);
	}

}
