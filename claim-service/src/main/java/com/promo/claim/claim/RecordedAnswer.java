package com.promo.claim.claim;

/**
 * The first answer given under a user's Idempotency-Key for a template, as the template's
 * {@code idem} hash in Redis holds it; this type alone writes and reads that text.
 * <ul>
 * <li>{@code RESERVED <claimId>}: the script reserved a unit and the hand-off to Kafka (or the
 * wallet) is still running; a duplicate waits for it.</li>
 * <li>{@code ACCEPTED <claimId>}: the claim was handed off (201).</li>
 * <li>{@code <refusal>}, e.g. {@code SOLD_OUT}: written by claim.lua itself for a refusal, or by
 * the service when the wallet rejected a frozen unit.</li>
 * </ul>
 * Records of the previous format ({@code A:<claimId>}, {@code R:<code>}) are still read, so keys
 * recorded before an upgrade keep replaying during their retention.
 */
public sealed interface RecordedAnswer {

	String encoded();

	record Reserved(String claimId) implements RecordedAnswer {

		@Override
		public String encoded() {
			return "RESERVED " + this.claimId;
		}

	}

	record Accepted(String claimId) implements RecordedAnswer {

		@Override
		public String encoded() {
			return ClaimOutcome.ACCEPTED.name() + " " + this.claimId;
		}

	}

	record Refused(ClaimOutcome outcome) implements RecordedAnswer {

		public Refused {
			if (!outcome.isRefusal()) {
				throw new IllegalArgumentException(outcome + " is not a refusal");
			}
		}

		@Override
		public String encoded() {
			return this.outcome.name();
		}

	}

	/** @throws IllegalArgumentException for text no version of this format wrote */
	static RecordedAnswer decode(String text) {
		if (text == null || text.isEmpty()) {
			throw new IllegalArgumentException("no recorded answer");
		}
		String[] parts = text.split(" ", 2);
		if (parts.length == 2 && !parts[1].isEmpty()) {
			return switch (parts[0]) {
				case "RESERVED" -> new Reserved(parts[1]);
				case "ACCEPTED" -> new Accepted(parts[1]);
				default -> throw new IllegalArgumentException("unknown recorded answer: " + text);
			};
		}
		String[] legacy = text.split(":", 2);
		if (legacy.length == 2 && !legacy[1].isEmpty()) {
			return switch (legacy[0]) {
				case "A" -> new Accepted(legacy[1]);
				case "R" -> new Refused(ClaimOutcome.refusal(legacy[1]));
				default -> throw new IllegalArgumentException("unknown recorded answer: " + text);
			};
		}
		return new Refused(ClaimOutcome.refusal(text));
	}

}
