package com.promo.contracts.item;

/** What a list price pays for: the item once, or one month of rent. */
public enum PriceUnit {

	ONE_TIME, MONTHLY

}
