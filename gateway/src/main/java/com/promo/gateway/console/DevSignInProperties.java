package com.promo.gateway.console;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's development sign-in ({@code POST /console/sign-in/dev}).
 *
 * @param enabled whether the endpoint exists at all ({@code PROMO_DEV_SIGN_IN}); off by default,
 * on only where anyone may be anyone (`./promo up`, the system tests), never in a deployment
 * @param tokenLifetime how long a token it mints is valid
 */
@ConfigurationProperties("promo.gateway.dev-sign-in")
record DevSignInProperties(@DefaultValue("false") boolean enabled, @DefaultValue("1h") Duration tokenLifetime) {

	DevSignInProperties {
		if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
			throw new IllegalArgumentException("promo.gateway.dev-sign-in.token-lifetime must be positive");
		}
	}

}
