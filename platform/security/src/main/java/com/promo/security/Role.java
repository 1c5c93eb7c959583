package com.promo.security;

/** The roles a token's {@code roles} claim may hold (API.md "Auth"). */
public enum Role {

	OPS, MERCHANT, CONSUMER, SERVICE;

	/** The authority Spring Security checks for this role. */
	public String authority() {
		return "ROLE_" + name();
	}

}
