package com.promo.coupon;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of coupon-service.
 *
 * @param maxActiveBindingsPerListing how many claimable templates one listing may carry at once
 * @param templateSweepInterval how often templates whose validity or activity is over are moved to
 * EXPIRED / ENDED / TERMINATED (reads report the clock's status at once in any case)
 * @param listingCacheTtl how long an instance serves the C-side listing reads from memory
 * @param lockTimeout how long an order may hold a coupon locked before it is released for it
 * @param walletSweepInterval how often stale locks are released and expired coupons marked
 */
@ConfigurationProperties("promo.coupon")
public record CouponProperties(@DefaultValue("3") int maxActiveBindingsPerListing,
		@DefaultValue("30s") Duration templateSweepInterval, @DefaultValue("5s") Duration listingCacheTtl,
		@DefaultValue("15m") Duration lockTimeout, @DefaultValue("60s") Duration walletSweepInterval) {

	public CouponProperties {
		if (maxActiveBindingsPerListing < 1) {
			throw new IllegalArgumentException("promo.coupon.max-active-bindings-per-listing must be at least 1");
		}
	}

}
