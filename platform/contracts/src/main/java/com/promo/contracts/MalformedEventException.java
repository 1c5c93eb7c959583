package com.promo.contracts;

/** A record that can never be applied as it is; consumers send it to the dead-letter topic. */
public class MalformedEventException extends RuntimeException {

	public MalformedEventException(String message, Throwable cause) {
		super(message, cause);
	}

}
