package com.promo.crowd.batch;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import com.promo.crowd.Ids;
import org.jspecify.annotations.Nullable;

/**
 * One line of a snapshot, {@code userId,sellerId,followedAt[,firstPurchaseAt]}: a valid relation,
 * or the reason the line cannot be used. Times are epoch milliseconds (no {@link Instant} per row:
 * the refresh turns them straight into script arguments).
 *
 * @param followedAtMillis when the user followed (epoch ms)
 * @param firstPurchaseAtMillis the user's first purchase from the seller (epoch ms), or {@link #NONE}
 */
record SnapshotRow(int lineNumber, long userId, long sellerId, long followedAtMillis, long firstPurchaseAtMillis,
		@Nullable String error) {

	/** No first purchase. */
	static final long NONE = Long.MIN_VALUE;

	boolean isValid() {
		return this.error == null;
	}

	Instant followedAt() {
		return Instant.ofEpochMilli(this.followedAtMillis);
	}

	@Nullable Instant firstPurchaseAt() {
		return (this.firstPurchaseAtMillis != NONE) ? Instant.ofEpochMilli(this.firstPurchaseAtMillis) : null;
	}

	/**
	 * The reference reading of a line (the fast byte parser of {@link SnapshotReader} defers to it
	 * for every line it does not recognise, so both always agree).
	 */
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
		long firstPurchaseAt = NONE;
		if (fields.length == 4 && !fields[3].isBlank()) {
			Instant bought = time(fields[3]);
			if (bought == null || bought.isAfter(snapshotTime)) {
				return invalid(lineNumber,
						"firstPurchaseAt '" + clip(fields[3]) + "' is not an instant before the snapshot time");
			}
			firstPurchaseAt = bought.toEpochMilli();
		}
		return new SnapshotRow(lineNumber, user, seller, followedAt.toEpochMilli(), firstPurchaseAt, null);
	}

	/** The user id of a line as {@link #parse} reads it, or null when it has none. */
	static @Nullable Long userIdOf(String line) {
		int comma = line.indexOf(',');
		return Ids.parse(((comma >= 0) ? line.substring(0, comma) : line).trim());
	}

	/** Whether a first line is a header rather than data (its first field is not an id). */
	static boolean isHeader(String firstLine) {
		return userIdOf(firstLine) == null;
	}

	private static SnapshotRow invalid(int lineNumber, String error) {
		return new SnapshotRow(lineNumber, 0, 0, NONE, NONE, "line " + lineNumber + ": " + error);
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
