package com.promo.crowd.relation;

/** The crowds every seller has; a crowd id is {@code <sellerId>_<suffix>}. */
public enum CrowdType {

	/** Everyone following the seller. */
	ALL_FANS("all_fans"),
	/** Following for at least the configured age (default 30 days). */
	OLD_FANS("old_fans"),
	/** Following and has a paid order with the seller (a refund alone does not remove it). */
	BUY_FANS("buy_fans");

	private final String suffix;

	CrowdType(String suffix) {
		this.suffix = suffix;
	}

	public String suffix() {
		return this.suffix;
	}

	public String crowdId(long sellerId) {
		return sellerId + "_" + this.suffix;
	}

	static CrowdType ofSuffix(String suffix) {
		for (CrowdType type : values()) {
			if (type.suffix.equals(suffix)) {
				return type;
			}
		}
		return null;
	}

}
