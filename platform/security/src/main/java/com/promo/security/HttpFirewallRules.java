package com.promo.security;

/**
 * The rule {@code StrictHttpFirewall} applies by default to header names, header values and
 * parameter names (the regex {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}), as a loop over the
 * code points: the regex ran on every header read, the token's header included, and took about
 * 3 % of a price request's CPU.
 */
final class HttpFirewallRules {

	private HttpFirewallRules() {
	}

	static boolean assignedAndNotControl(String value) {
		for (int i = 0; i < value.length();) {
			int c = value.codePointAt(i);
			if (c < 0x7f && c >= 0x20) { // printable ASCII, the common case
				i++;
				continue;
			}
			if (Character.getType(c) == Character.UNASSIGNED || Character.getType(c) == Character.CONTROL) {
				return false;
			}
			i += Character.charCount(c);
		}
		return true;
	}

}
