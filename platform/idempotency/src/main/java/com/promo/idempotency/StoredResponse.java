package com.promo.idempotency;

/**
 * What a key holds: the fingerprint of the request that claimed it and, once that request has
 * answered, its response ({@code status} 0 while it is still in flight).
 */
record StoredResponse(String fingerprint, int status, String contentType, String location, String body) {

	static StoredResponse inFlight(String fingerprint) {
		return new StoredResponse(fingerprint, 0, null, null, null);
	}

	boolean completed() {
		return this.status != 0;
	}

}
