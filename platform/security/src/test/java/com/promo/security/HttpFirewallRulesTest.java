package com.promo.security;

import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop says what the firewall's regex says, for every code point of the BMP and beyond. */
class HttpFirewallRulesTest {

	private static final Pattern FIREWALL_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	@Test
	void agreesWithTheFirewallsRegexOnEveryCodePoint() {
		IntStream.rangeClosed(0, 0x10FFFF).filter(c -> c < 0xD800 || c > 0xDFFF).forEach(c -> {
			String s = "ab" + Character.toString(c) + "cd";
			assertThat(HttpFirewallRules.assignedAndNotControl(s)).as("U+%04X", c)
				.isEqualTo(FIREWALL_DEFAULT.matcher(s).matches());
		});
	}

	@Test
	void refusesControlsAndLoneSurrogatesAcceptsTokens() {
		assertThat(HttpFirewallRules.assignedAndNotControl("Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc-_")).isTrue();
		assertThat(HttpFirewallRules.assignedAndNotControl("")).isTrue();
		assertThat(HttpFirewallRules.assignedAndNotControl("a\r\nb")).isFalse();
		assertThat(HttpFirewallRules.assignedAndNotControl("a\u0000")).isFalse();
		assertThat(HttpFirewallRules.assignedAndNotControl("a\u007f")).isFalse();
		assertThat(HttpFirewallRules.assignedAndNotControl("a\uD800b"))
			.isEqualTo(FIREWALL_DEFAULT.matcher("a\uD800b").matches());
	}

}
