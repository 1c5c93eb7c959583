package com.promo.claim;

import com.promo.web.ProblemException;

/**
 * The Idempotency-Key header as claim-service's routes take it themselves (claims, flash orders,
 * settlement files: none runs the platform's filter): 1-64 characters, as API.md's common rules say.
 */
public final class IdempotencyKeys {

	public static final String HEADER = "Idempotency-Key";

	private IdempotencyKeys() {
	}

	/**
	 * @param key the header's value, or null when absent
	 * @return the key, or null when absent
	 * @throws ProblemException 400 naming the header when it is empty or longer than 64 characters
	 */
	public static String checked(String key) {
		if (key != null && (key.isEmpty() || key.length() > 64)) {
			throw ProblemException.invalidField(HEADER, "must be 1-64 characters");
		}
		return key;
	}

}
