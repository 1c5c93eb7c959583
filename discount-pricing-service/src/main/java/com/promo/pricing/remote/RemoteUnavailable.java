package com.promo.pricing.remote;

/** A remote service did not answer in time, failed, or its circuit breaker is open. */
public class RemoteUnavailable extends RuntimeException {

	public RemoteUnavailable(String service, Throwable cause) {
		super(service + " is unavailable: " + describe(cause), cause);
	}

	private static String describe(Throwable cause) {
		return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
	}

}
