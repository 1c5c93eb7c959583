package com.promo.claim.claim;

import java.util.List;

/**
 * The one place that reads the replies of the Lua scripts (scripts/*.lua) into typed results; a
 * reply of a shape no script gives is an {@link IllegalStateException}, never a silent default.
 */
final class ScriptReplies {

	private ScriptReplies() {
	}

	/**
	 * claim.lua: {@code {'ACCEPTED', claimId, remaining}} | {@code {'REPLAY', recorded answer}} |
	 * {@code {'MISSING'}} | {@code {<refusal>}}.
	 */
	static Reservation claim(List<?> reply) {
		if (reply == null || reply.isEmpty()) {
			throw new IllegalStateException("claim script gave no reply");
		}
		ClaimOutcome outcome = outcome(reply.get(0));
		return switch (outcome) {
			case ACCEPTED -> new Reservation.Reserved(text(reply, 1), number(reply, 2));
			case REPLAY -> new Reservation.Replayed(RecordedAnswer.decode(text(reply, 1)));
			case MISSING -> new Reservation.Missing();
			default -> new Reservation.Refused(outcome);
		};
	}

	/** reconcile.lua: {@code {before, after, pending}}. */
	static ClaimStore.Reconciled reconcile(List<?> reply) {
		return new ClaimStore.Reconciled(number(reply, 0), number(reply, 1), number(reply, 2));
	}

	private static ClaimOutcome outcome(Object element) {
		try {
			return ClaimOutcome.valueOf(String.valueOf(element));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("unknown claim script outcome: " + element, ex);
		}
	}

	private static String text(List<?> reply, int index) {
		if (reply.size() <= index || reply.get(index) == null) {
			throw new IllegalStateException("script reply " + reply + " has no element " + index);
		}
		return String.valueOf(reply.get(index));
	}

	private static long number(List<?> reply, int index) {
		String value = text(reply, index);
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("script reply element " + index + " is not a number: " + value, ex);
		}
	}

}
