package com.promo.coupon.wallet;

import java.time.Instant;

/** A coupon in a user's wallet (sharded by user id). */
public record WalletCoupon(long id, long userId, long templateId, String claimId, CouponStatus status,
		Instant validFrom, Instant validUntil, String orderId, Instant lockedAt, Instant usedAt) {

	/** The status at {@code now}: an UNUSED coupon whose window has closed is EXPIRED. */
	public CouponStatus statusAt(Instant now) {
		return this.status == CouponStatus.UNUSED && !now.isBefore(this.validUntil) ? CouponStatus.EXPIRED : this.status;
	}

	public boolean usableAt(Instant now) {
		return !now.isBefore(this.validFrom) && now.isBefore(this.validUntil);
	}

}
