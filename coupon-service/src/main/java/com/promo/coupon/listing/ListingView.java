package com.promo.coupon.listing;

import com.promo.contracts.item.ItemSnapshot;
import com.promo.contracts.item.PriceUnit;

/** A listing (an item of discount-pricing-service) as coupon-service knows it from item events. */
public record ListingView(long listingId, long sellerId, String cityId, String title, long listPrice,
		PriceUnit priceUnit, long deposit, long version) {

	public static ListingView of(ItemSnapshot item) {
		return new ListingView(Long.parseLong(item.itemId()), Long.parseLong(item.sellerId()), item.cityId(),
				item.title(), item.listPrice(), item.priceUnit(), item.deposit(), item.version());
	}

}
