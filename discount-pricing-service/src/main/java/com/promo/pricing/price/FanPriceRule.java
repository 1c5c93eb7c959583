package com.promo.pricing.price;

import java.time.Instant;

import com.promo.contracts.pricing.CrowdType;

/**
 * One fan price as pricing applies it: members of {@code crowdId} pay {@code price} while the
 * window is open ({@code startTime} inclusive, {@code endTime} exclusive; either may be open-ended).
 */
public record FanPriceRule(CrowdType crowdType, String crowdId, long price, Instant startTime, Instant endTime) {

	public boolean activeAt(Instant now) {
		return (this.startTime == null || !now.isBefore(this.startTime))
				&& (this.endTime == null || now.isBefore(this.endTime));
	}

}
