package com.promo.coupon.wallet;

/** A wallet coupon: UNUSED → LOCKED (by one order) → USED, or back to UNUSED on release; EXPIRED when its window closes unused. */
public enum CouponStatus {

	UNUSED, LOCKED, USED, EXPIRED

}
