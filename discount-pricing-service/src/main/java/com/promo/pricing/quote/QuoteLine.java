package com.promo.pricing.quote;

import com.promo.contracts.item.PriceUnit;

/**
 * One line of a quote: the item at the price the buyer is entitled to ({@code unitPrice}, a fan
 * price or the list price), times the quantity. For a MONTHLY item it is one month's rent.
 */
public record QuoteLine(long itemId, long sellerId, int quantity, long listPrice, long unitPrice, String crowdId,
		PriceUnit priceUnit, long deposit) {

	public long lineTotal() {
		return Math.multiplyExact(this.unitPrice, this.quantity);
	}

	public long depositTotal() {
		return Math.multiplyExact(this.deposit, this.quantity);
	}

}
