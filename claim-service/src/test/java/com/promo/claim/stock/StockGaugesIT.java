package com.promo.claim.stock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.promo.claim.template.TemplateState;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.testsupport.PromoTestProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-template stock gauges exist only while their template is live, and a scrape reads what
 * the last round read, not Redis. On the real Redis Cluster.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "promo.claim.reconcile-interval=1h")
class StockGaugesIT {

	private static final List<String> GAUGES = List.of("promo.stock.remaining", "promo.stock.pending",
			"promo.stock.issued", "promo.stock.drift.last", "promo.claims.pending.oldest.age");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.database(registry, "it_claim");
	}

	@Autowired
	StockGauges gauges;

	@Autowired
	MeterRegistry meters;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void aTemplatesGaugesGoWhenItsClaimWindowEnds() {
		long template = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
		Instant now = Instant.now();
		stock(template, 7, List.of(now.minusSeconds(90), now.minusSeconds(5)));

		this.gauges.refresh(List.of(enabled(template, now.plus(Duration.ofHours(1)))), now);
		assertThat(gauge("promo.stock.remaining", template).value()).isEqualTo(7);
		assertThat(gauge("promo.stock.pending", template).value()).isEqualTo(2);
		// a refresh has no ledger count: what Redis implies (10 in total, 7 left, 2 pending)
		assertThat(gauge("promo.stock.issued", template).value()).isEqualTo(1);
		assertThat(gauge("promo.stock.drift.last", template).value()).isZero();
		assertThat(gauge("promo.claims.pending.oldest.age", template).value()).isGreaterThanOrEqualTo(90);

		// a scrape reads the round's figures: Redis changing in between is seen at the next round only
		this.redis.delete(List.of("{t:" + template + "}:stock", "{t:" + template + "}:pending"));
		assertThat(gauge("promo.stock.remaining", template).value()).isEqualTo(7);

		this.gauges.refresh(List.of(enabled(template, Instant.now().minusSeconds(1))), Instant.now());
		assertNoGauges(template, "ended");
		assertThat(this.gauges.gauged()).doesNotContain(template);
	}

	@Test
	void aTemplateNoLongerEnabledLosesItsGaugesAndAnEmptyOneAnswersZero() {
		long template = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
		Instant now = Instant.now();
		stock(template, 3, List.of());

		this.gauges.refresh(List.of(enabled(template, now.plus(Duration.ofHours(1)))), now);
		assertThat(gauge("promo.stock.pending", template).value()).isZero();
		assertThat(gauge("promo.claims.pending.oldest.age", template).value()).isZero();

		// terminated or expired: no longer among the enabled templates
		this.gauges.refresh(List.of(), Instant.now());
		assertNoGauges(template, "no longer enabled");
	}

	private void assertNoGauges(long template, String why) {
		for (String name : GAUGES) {
			assertThat(this.meters.find(name).tag("template", Long.toString(template)).gauge())
				.as("%s of the template %s", name, why)
				.isNull();
		}
	}

	private Gauge gauge(String name, long template) {
		Gauge gauge = this.meters.find(name).tag("template", Long.toString(template)).gauge();
		assertThat(gauge).as("%s of template %d", name, template).isNotNull();
		return gauge;
	}

	private static TemplateState enabled(long template, Instant claimEnd) {
		return new TemplateState(template, TemplateStatus.ENABLED, claimEnd.minus(Duration.ofDays(1)), claimEnd,
				Audience.Type.ALL, null, 1, 10, 1, ActivityKind.COUPON);
	}

	/** A template's stock as claim.lua leaves it: remaining units and pending claims by time. */
	private void stock(long template, int remaining, List<Instant> pendingSince) {
		String tag = "{t:" + template + "}:";
		this.redis.opsForValue().set(tag + "stock", Integer.toString(remaining));
		for (int i = 0; i < pendingSince.size(); i++) {
			this.redis.opsForZSet().add(tag + "pending", "c" + i, pendingSince.get(i).toEpochMilli());
		}
	}

}
