package com.promo.contracts.coupon;

/** How a discount is taken from a monthly rent: all from the first month, or spread over the lease. */
public enum Deduction {

	FIRST_MONTH, SPREAD_MONTHLY

}
