package com.promo.activity.activity;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;

/** Valid activity content with windows relative to a moment, for tests to vary. */
public final class ActivityFixtures {

	private ActivityFixtures() {
	}

	/** Sign-up opens {@code signupOpensIn} after {@code now}; each later window follows one hour on. */
	public static ActivityDraft draft(Instant now, Duration signupOpensIn) {
		Instant applyStart = now.plus(signupOpensIn);
		return new ActivityDraft("Spring rent festival", "Rent discounts", ActivityKind.COUPON, Set.of("310000", "110000"),
				Set.of(CouponType.AMOUNT_OFF, CouponType.FREE_DAYS), 500L, 50000L, applyStart,
				applyStart.plus(Duration.ofHours(1)), applyStart.plus(Duration.ofHours(2)),
				applyStart.plus(Duration.ofHours(3)));
	}

}
