package com.promo.activity.activity;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.web.FieldViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityRulesTest {

	static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

	static final ActivityDraft VALID = ActivityFixtures.draft(NOW, Duration.ofDays(1));

	private static ActivityDraft with(String title, ActivityKind kind, Set<String> cities, Set<CouponType> types,
			Long lower, Long upper) {
		return new ActivityDraft(title, VALID.description(), kind, cities, types, lower, upper, VALID.applyStartTime(),
				VALID.applyEndTime(), VALID.activityStartTime(), VALID.activityEndTime());
	}

	private static ActivityDraft windows(Instant applyStart, Instant applyEnd, Instant activityStart, Instant activityEnd) {
		return new ActivityDraft(VALID.title(), VALID.description(), VALID.kind(), VALID.cityIds(), VALID.couponTypes(),
				VALID.valueLowerLimit(), VALID.valueUpperLimit(), applyStart, applyEnd, activityStart, activityEnd);
	}

	private static Iterable<String> fields(ActivityDraft draft) {
		return ActivityRules.violations(draft).stream().map(FieldViolation::field).toList();
	}

	@Test
	void aValidDraftHasNoViolations() {
		assertThat(ActivityRules.violations(VALID)).isEmpty();
	}

	@Test
	void titleMustBeOneTo256Characters() {
		assertThat(fields(with("", VALID.kind(), VALID.cityIds(), VALID.couponTypes(), 0L, 1L))).containsExactly("title");
		assertThat(fields(with("  ", VALID.kind(), VALID.cityIds(), VALID.couponTypes(), 0L, 1L))).containsExactly("title");
		assertThat(fields(with(null, VALID.kind(), VALID.cityIds(), VALID.couponTypes(), 0L, 1L))).containsExactly("title");
		assertThat(fields(with("x".repeat(257), VALID.kind(), VALID.cityIds(), VALID.couponTypes(), 0L, 1L)))
			.containsExactly("title");
		assertThat(fields(with("x".repeat(256), VALID.kind(), VALID.cityIds(), VALID.couponTypes(), 0L, 1L))).isEmpty();
	}

	@Test
	void kindIsRequired() {
		assertThat(fields(with("t", null, VALID.cityIds(), VALID.couponTypes(), 0L, 1L))).containsExactly("kind");
	}

	@Test
	void atLeastOneWellFormedCity() {
		assertThat(fields(with("t", VALID.kind(), Set.of(), VALID.couponTypes(), 0L, 1L))).containsExactly("cityIds");
		assertThat(fields(with("t", VALID.kind(), Set.of("Shanghai"), VALID.couponTypes(), 0L, 1L)))
			.containsExactly("cityIds");
	}

	@Test
	void atLeastOneCouponTypeAndFlashSalesOfferSpecialPriceOnly() {
		assertThat(fields(with("t", VALID.kind(), VALID.cityIds(), Set.of(), 0L, 1L))).containsExactly("couponTypes");
		assertThat(fields(with("t", ActivityKind.FLASH_SALE, VALID.cityIds(), Set.of(CouponType.AMOUNT_OFF), 0L, 1L)))
			.containsExactly("couponTypes");
		assertThat(fields(with("t", ActivityKind.FLASH_SALE, VALID.cityIds(), Set.of(CouponType.SPECIAL_PRICE), 0L, 1L)))
			.isEmpty();
	}

	@Test
	void limitsAreOrderedAndNotNegative() {
		assertThat(fields(with("t", VALID.kind(), VALID.cityIds(), VALID.couponTypes(), -1L, 1L)))
			.containsExactly("valueLowerLimit");
		assertThat(fields(with("t", VALID.kind(), VALID.cityIds(), VALID.couponTypes(), 10L, 9L)))
			.containsExactly("valueUpperLimit");
		assertThat(fields(with("t", VALID.kind(), VALID.cityIds(), VALID.couponTypes(), 10L, 10L))).isEmpty();
		assertThat(fields(with("t", VALID.kind(), VALID.cityIds(), VALID.couponTypes(), null, null)))
			.containsExactly("valueLowerLimit", "valueUpperLimit");
		assertThat(fields(with("t", VALID.kind(), VALID.cityIds(), VALID.couponTypes(), 0L, Long.MAX_VALUE)))
			.containsExactly("valueUpperLimit");
	}

	@Test
	void windowsFollowApplyThenActivity() {
		Instant t = NOW;
		Instant h1 = t.plusSeconds(3600);
		Instant h2 = t.plusSeconds(7200);
		Instant h3 = t.plusSeconds(10800);
		assertThat(fields(windows(t, h1, h1, h2))).as("applyEnd may equal activityStart").isEmpty();
		assertThat(fields(windows(h1, h1, h2, h3))).containsExactly("applyEndTime");
		assertThat(fields(windows(h1, t, h2, h3))).containsExactly("applyEndTime");
		assertThat(fields(windows(t, h2, h1, h3))).containsExactly("activityStartTime");
		assertThat(fields(windows(t, h1, h2, h2))).containsExactly("activityEndTime");
		assertThat(fields(windows(null, h1, h2, h3))).containsExactly("applyStartTime");
	}

}
