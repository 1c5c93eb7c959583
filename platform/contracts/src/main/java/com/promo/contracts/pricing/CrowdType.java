package com.promo.contracts.pricing;

/**
 * The crowds of a seller that a fan price can target (API.md "Crowds"): every crowd id is
 * {@code <sellerId>} followed by the type's suffix ({@code 1234_all_fans}).
 */
public enum CrowdType {

	ALL_FANS("_all_fans"), OLD_FANS("_old_fans"), BUY_FANS("_buy_fans");

	private final String suffix;

	CrowdType(String suffix) {
		this.suffix = suffix;
	}

	/** The crowd id of this type for one seller, as crowd-sync writes it to Redis. */
	public String crowdId(String sellerId) {
		return sellerId + this.suffix;
	}

}
