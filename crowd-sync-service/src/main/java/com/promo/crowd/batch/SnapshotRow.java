package com.promo.crowd.batch;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import com.promo.crowd.Ids;
import org.jspecify.annotations.Nullable;

/**
 * One line of a snapshot, {@code userId,sellerId,followedAt[,firstPurchaseAt]}: a valid relation,
 * or the reason the line cannot be used.
 */
record SnapshotRow(int lineNumber, long userId, long sellerId, @Nullable Instant followedAt,
		@Nullable Instant firstPurchaseAt, @Nullable String error) {

	boolean isValid() {
		return this.error == null;
	}

	static SnapshotRow parse(String line, int lineNumber, Instant snapshotTime) {
		String[] fields = line.split(",", -1);
		if (fields.length < 3 || fields.length > 4) {
			return invalid(lineNumber, "expected userId,sellerId,followedAt[,firstPurchaseAt], got " + fields.length
					+ " fields");
		}
		Long user = Ids.parse(fields[0].trim());
		Long seller = Ids.parse(fields[1].trim());
		if (user == null) {
			return invalid(lineNumber, "userId '" + clip(fields[0]) + "' is not an id");
		}
		if (seller == null) {
			return invalid(lineNumber, "sellerId '" + clip(fields[1]) + "' is not an id");
		}
		Instant followedAt = time(fields[2]);
		if (followedAt == null || followedAt.isAfter(snapshotTime)) {
			return invalid(lineNumber, "followedAt '" + clip(fields[2]) + "' is not an instant before the snapshot time");
		}
		Instant firstPurchaseAt = null;
		if (fields.length == 4 && !fields[3].isBlank()) {
			firstPurchaseAt = time(fields[3]);
			if (firstPurchaseAt == null || firstPurchaseAt.isAfter(snapshotTime)) {
				return invalid(lineNumber,
						"firstPurchaseAt '" + clip(fields[3]) + "' is not an instant before the snapshot time");
			}
		}
		return new SnapshotRow(lineNumber, user, seller, followedAt, firstPurchaseAt, null);
	}

	/** Whether a first line is a header rather than data (its first field is not an id). */
	static boolean isHeader(String firstLine) {
		return Ids.parse(firstLine.split(",", -1)[0].trim()) == null;
	}

	private static SnapshotRow invalid(int lineNumber, String error) {
		return new SnapshotRow(lineNumber, 0, 0, null, null, "line " + lineNumber + ": " + error);
	}

	private static @Nullable Instant time(String text) {
		try {
			return Instant.parse(text.trim()).truncatedTo(ChronoUnit.MILLIS);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static String clip(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

}
