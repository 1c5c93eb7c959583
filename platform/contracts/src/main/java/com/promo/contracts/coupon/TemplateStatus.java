package com.promo.contracts.coupon;

/**
 * A coupon template's lifecycle (API.md): NEW (10) → ENABLED (20) → EXPIRED (30, validity over) or
 * ENDED (40, activity ended); TERMINATED (50) by the merchant or with its activity. Names travel on
 * the wire; the numbers are only the documented codes.
 */
public enum TemplateStatus {

	NEW(10), ENABLED(20), EXPIRED(30), ENDED(40), TERMINATED(50);

	private final int code;

	TemplateStatus(int code) {
		this.code = code;
	}

	public int code() {
		return this.code;
	}

	/** EXPIRED, ENDED and TERMINATED are final. */
	public boolean isFinal() {
		return this != NEW && this != ENABLED;
	}

}
