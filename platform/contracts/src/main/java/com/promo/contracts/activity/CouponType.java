package com.promo.contracts.activity;

/** The coupon types of API.md; an activity names the ones its merchants may offer. */
public enum CouponType {

	AMOUNT_OFF, PERCENT_OFF, FREE_DAYS, DEPOSIT_FREE, SPECIAL_PRICE

}
