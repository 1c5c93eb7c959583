package com.promo.coupon.wallet;

import java.time.Instant;

/**
 * The wallet sweeper's stale-lock round ({@link Redemption#releaseStale}), for tests that run it
 * at the moment they choose, racing confirms and releases, instead of waiting for the schedule.
 */
public final class StaleLockSweep {

	private StaleLockSweep() {
	}

	/** Releases every lock taken before {@code cutoff}, as the sweeper does; returns how many it tried. */
	public static int releaseLockedBefore(Redemption redemption, Instant cutoff) {
		return redemption.releaseStale(cutoff, 500);
	}

}
