package com.promo.deploy;

import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's development sign-in (the gateway's {@code promo.gateway.dev-sign-in.enabled},
 * {@code PROMO_DEV_SIGN_IN}) mints a token for any role to anyone who asks: only ./promo up and the
 * system tests turn it on, never docker-compose.yml or deploy/.
 */
final class DevSignInSwitch {

	private DevSignInSwitch() {
	}

	/** Fails when the environment turns the switch on under any of its names. */
	static void assertOff(String where, Map<String, String> environment) {
		environment.forEach((name, value) -> {
			String normalized = name.toUpperCase(Locale.ROOT).replace("_", "").replace("-", "").replace(".", "");
			if (normalized.contains("DEVSIGNIN")) {
				assertThat(value).as("%s sets %s: the development sign-in must stay off there", where, name)
					.isNotEqualToIgnoringCase("true");
			}
			assertThat(String.valueOf(value).replace("-", "").toLowerCase(Locale.ROOT))
				.as("%s's %s", where, name)
				.doesNotContain("devsignin");
		});
	}

	/** The gateway's own default: off unless something turns it on. */
	static void assertOffByDefault() {
		String fallback = Applications.variables("gateway").get("PROMO_DEV_SIGN_IN");
		if (fallback != null) {
			assertThat(fallback).as("the gateway's default for PROMO_DEV_SIGN_IN").isEqualTo("false");
		}
	}

}
