package com.promo.contracts.item;

/** A listed item: its seller (the merchant who registered it first), city and prices in minor units. */
public record ItemSnapshot(String itemId, String sellerId, String title, String cityId, long listPrice,
		PriceUnit priceUnit, long deposit, long version) {
}
