package com.promo.pricing.item;

import com.promo.contracts.item.PriceUnit;

/** What a merchant says about an item: title, city, list price and deposit in minor units. */
public record ItemContent(String title, String cityId, long listPrice, PriceUnit priceUnit, long deposit) {
}
