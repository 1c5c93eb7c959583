package com.promo.contracts;

import java.util.Arrays;
import java.util.List;

/**
 * Every Kafka topic of the platform, with its wire name. Topics named {@code promo.*} carry
 * {@link EventEnvelope}s; {@code social.*} and {@code trade.*} belong to upstream systems and carry
 * their plain event records.
 */
public enum Topic {

	/** Activity lifecycle changes, keyed by activity id. */
	ACTIVITY_EVENTS("promo.activity-events"),
	/** Coupon template changes, keyed by template id (claim-service warms Redis from them). */
	COUPON_TEMPLATE_EVENTS("promo.coupon-template-events"),
	/** Accepted claims to persist in the wallet, keyed by user id. */
	CLAIM_EVENTS("promo.claim-events"),
	/** Coupons written to the wallet (or claims the database refused), keyed by user id. */
	COUPON_ISSUED_EVENTS("promo.coupon-issued-events"),
	/** Flash-sale reservations to persist in claim-service's own ledger, keyed by user id. */
	FLASH_SALE_EVENTS("promo.flash-sale-events"),
	/** Item and fan-price changes, keyed by item id. */
	ITEM_EVENTS("promo.item-events"),
	/** Follow / unfollow events from the social graph, keyed by user id. */
	FOLLOW_EVENTS("social.follow-events"),
	/** Paid / refunded orders from the order system, keyed by user id. */
	ORDER_EVENTS("trade.order-events");

	private final String wireName;

	Topic(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	/** The dead-letter topic for records of this topic that can never be applied. */
	public String deadLetterName() {
		return this.wireName + ".DLT";
	}

	public static List<String> allWireNames() {
		return Arrays.stream(values()).map(Topic::wireName).toList();
	}

}
