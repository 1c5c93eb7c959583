package com.promo.contracts.activity;

/** What an activity offers: ordinary coupons, or flash-sale slots at a special price. */
public enum ActivityKind {

	COUPON, FLASH_SALE

}
