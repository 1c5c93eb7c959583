package com.promo.crowd;

import org.jspecify.annotations.Nullable;

/** Ids as the platform writes them (API.md): strings of 1 to 18 digits, so they fit a positive long. */
public final class Ids {

	private Ids() {
	}

	/** The id in {@code text}, or null when it is not one. */
	public static @Nullable Long parse(@Nullable String text) {
		if (text == null || text.isEmpty() || text.length() > 18) {
			return null;
		}
		for (int i = 0; i < text.length(); i++) {
			if (!Character.isDigit(text.charAt(i))) {
				return null;
			}
		}
		return Long.parseLong(text);
	}

}
