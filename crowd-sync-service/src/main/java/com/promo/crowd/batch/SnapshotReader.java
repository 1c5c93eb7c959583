package com.promo.crowd.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the rows of one {@link UserPartition} of a snapshot file (plain or gzipped, with or without
 * a header row), after skipping the first {@code skip} rows of that partition (those its earlier
 * executions committed).
 * <p>
 * It reads bytes, not strings: a line of the usual shape (ids of ASCII digits, times written as
 * {@code 2026-05-01T10:00:00[.fraction]Z}) is parsed in place without allocating anything but the
 * row. Any other line, malformed ones included, is decoded and read by {@link SnapshotRow#parse},
 * the reference reading, so both agree on every line (SnapshotReaderTest compares them).
 * Lines are numbered as a text editor does (the header is line 1); lines starting with {@code #}
 * are comments (numbered, not rows). Rows of other partitions are only looked at up to their first
 * comma.
 */
class SnapshotReader implements ItemStreamReader<SnapshotRow>, AutoCloseable {

	private static final int[] DAYS_IN_MONTH = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	private static final long NOT_FAST = Long.MIN_VALUE;

	private final Path path;

	private final Instant snapshotTime;

	private final long snapshotMillis;

	private final UserPartition partition;

	private final long skip;

	/** The execution context's key of how many bytes of the file this reader had read at its last commit. */
	static final String BYTES_READ = "snapshot.bytesRead";

	private @Nullable InputStream in;

	private SnapshotFile.@Nullable FileBytes fileBytes;

	private byte[] buffer = new byte[1 << 16];

	private int position;

	private int limit;

	/** The previous line ended with '\r': a '\n' right after it belongs to it. */
	private boolean skipLineFeed;

	private int lineNumber;

	private int lineStart;

	private int lineEnd;

	private long skipped;

	SnapshotReader(Path path, Instant snapshotTime, UserPartition partition, long skip) {
		this.path = path;
		this.snapshotTime = snapshotTime;
		this.snapshotMillis = snapshotTime.toEpochMilli();
		this.partition = partition;
		this.skip = skip;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		try {
			SnapshotFile.CountedInput input = new SnapshotFile(this.path).getCountedInputStream();
			this.in = input.in();
			this.fileBytes = input.file();
			if (nextLine() && !isComment() && SnapshotRow.isHeader(lineText())) {
				return; // the header: read past it
			}
			// no header: read the first line again as a row
			this.position = this.lineStart;
			this.lineNumber = 0;
			this.skipLineFeed = false;
		}
		catch (IOException ex) {
			throw new ItemStreamException("cannot read the snapshot " + this.path, ex);
		}
	}

	@Override
	public @Nullable SnapshotRow read() {
		try {
			while (nextLine()) {
				if (isComment()) {
					continue;
				}
				long user = userIdFast();
				boolean owned = (user >= 0) ? this.partition.owns(user) : ownsSlow();
				if (!owned) {
					continue;
				}
				if (this.skipped < this.skip) {
					this.skipped++;
					continue;
				}
				SnapshotRow row = (user >= 0) ? parseFast(user) : null;
				return (row != null) ? row : SnapshotRow.parse(lineText(), this.lineNumber, this.snapshotTime);
			}
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the snapshot " + this.path, ex);
		}
	}

	/**
	 * The next {@code max} rows, fewer only at the end of the file. A chunk's rows in one call: the
	 * reader is a step-scoped proxy, and looking its target up for every row took 14 % of the
	 * refresh's threads.
	 */
	public List<SnapshotRow> read(int max) {
		List<SnapshotRow> rows = new ArrayList<>(max);
		SnapshotRow row;
		while (rows.size() < max && (row = read()) != null) {
			rows.add(row);
		}
		return rows;
	}

	/** Saved with each committed chunk: how far into the file this reader is (BatchReport's progress). */
	@Override
	public void update(ExecutionContext executionContext) {
		if (this.fileBytes != null) {
			executionContext.putLong(BYTES_READ, this.fileBytes.bytesRead());
		}
	}

	@Override
	public void close() {
		if (this.in != null) {
			try {
				this.in.close();
			}
			catch (IOException ex) {
				throw new ItemStreamException("cannot close the snapshot " + this.path, ex);
			}
			this.in = null;
		}
	}

	private boolean isComment() {
		return this.lineStart < this.lineEnd && this.buffer[this.lineStart] == '#';
	}

	private String lineText() {
		return new String(this.buffer, this.lineStart, this.lineEnd - this.lineStart, StandardCharsets.UTF_8);
	}

	private boolean ownsSlow() {
		Long user = SnapshotRow.userIdOf(lineText());
		return (user != null) ? this.partition.owns(user) : this.partition.ownsUnreadable();
	}

	/** The first field when it is 1 to 18 ASCII digits, else -1. */
	private long userIdFast() {
		return digits(this.lineStart, fieldEnd(this.lineStart));
	}

	/** The row of the current line when it has the usual shape and is valid, else null. */
	private @Nullable SnapshotRow parseFast(long user) {
		int sellerStart = fieldEnd(this.lineStart) + 1;
		int sellerEnd = fieldEnd(sellerStart);
		if (sellerStart > this.lineEnd || sellerEnd >= this.lineEnd) {
			return null;
		}
		long seller = digits(sellerStart, sellerEnd);
		int followedEnd = fieldEnd(sellerEnd + 1);
		long followedAt = instant(sellerEnd + 1, followedEnd);
		if (seller < 0 || followedAt == NOT_FAST || followedAt > this.snapshotMillis) {
			return null;
		}
		long firstPurchaseAt = SnapshotRow.NONE;
		if (followedEnd < this.lineEnd) {
			int purchaseEnd = fieldEnd(followedEnd + 1);
			if (purchaseEnd != this.lineEnd) {
				return null; // a fifth field
			}
			if (purchaseEnd > followedEnd + 1) {
				firstPurchaseAt = instant(followedEnd + 1, purchaseEnd);
				if (firstPurchaseAt == NOT_FAST || firstPurchaseAt > this.snapshotMillis) {
					return null;
				}
			}
		}
		return new SnapshotRow(this.lineNumber, user, seller, followedAt, firstPurchaseAt, null);
	}

	/** Where the field starting at {@code from} ends: at the next comma or the end of the line. */
	private int fieldEnd(int from) {
		int i = from;
		while (i < this.lineEnd && this.buffer[i] != ',') {
			i++;
		}
		return i;
	}

	/** The number written in [from, to) when it is 1 to 18 ASCII digits, else -1. */
	private long digits(int from, int to) {
		if (to <= from || to - from > 18) {
			return -1;
		}
		long value = 0;
		for (int i = from; i < to; i++) {
			int digit = this.buffer[i] - '0';
			if (digit < 0 || digit > 9) {
				return -1;
			}
			value = value * 10 + digit;
		}
		return value;
	}

	/** The digit at {@code i}, or -1. */
	private int digit(int i) {
		int digit = this.buffer[i] - '0';
		return (digit >= 0 && digit <= 9) ? digit : -1;
	}

	private int number(int from, int length) {
		int value = 0;
		for (int i = from; i < from + length; i++) {
			int digit = digit(i);
			if (digit < 0) {
				return -1;
			}
			value = value * 10 + digit;
		}
		return value;
	}

	/**
	 * Epoch milliseconds (fraction truncated, as the reference reading does) of exactly
	 * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} in [from, to) with fields in range, else {@link #NOT_FAST}.
	 */
	private long instant(int from, int to) {
		int length = to - from;
		if (length < 20 || length == 21 || length > 30 || this.buffer[to - 1] != 'Z') {
			return NOT_FAST;
		}
		byte[] b = this.buffer;
		if (b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T' || b[from + 13] != ':'
				|| b[from + 16] != ':' || (length > 20 && b[from + 19] != '.')) {
			return NOT_FAST;
		}
		int year = number(from, 4);
		int month = number(from + 5, 2);
		int day = number(from + 8, 2);
		int hour = number(from + 11, 2);
		int minute = number(from + 14, 2);
		int second = number(from + 17, 2);
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23
				|| minute < 0 || minute > 59 || second < 0 || second > 59) {
			return NOT_FAST;
		}
		int fractionDigits = Math.max(0, length - 21);
		int millis = 0;
		for (int i = 0; i < fractionDigits; i++) {
			int digit = digit(from + 20 + i);
			if (digit < 0) {
				return NOT_FAST;
			}
			if (i < 3) {
				millis = millis * 10 + digit;
			}
		}
		for (int i = fractionDigits; i < 3; i++) {
			millis *= 10;
		}
		long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
		return seconds * 1000 + millis;
	}

	private static int daysInMonth(int year, int month) {
		boolean leap = (year % 4 == 0) && (year % 100 != 0 || year % 400 == 0);
		return (month == 2 && leap) ? 29 : DAYS_IN_MONTH[month - 1];
	}

	/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
	static long epochDay(int year, int month, int day) {
		long y = (month <= 2) ? year - 1 : year;
		long era = Math.floorDiv(y, 400);
		long yearOfEra = y - era * 400;
		long dayOfYear = (153L * (month + ((month > 2) ? -3 : 9)) + 2) / 5 + day - 1;
		long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
		return era * 146_097 + dayOfEra - 719_468;
	}

	/**
	 * Moves to the next line ({@code lineStart} to {@code lineEnd}, terminator excluded; '\n', '\r'
	 * and "\r\n" end a line, as for {@link java.io.BufferedReader}); false at the end of the file.
	 */
	private boolean nextLine() throws IOException {
		if (this.skipLineFeed) {
			if (this.position == this.limit && !fill()) {
				return false;
			}
			if (this.buffer[this.position] == '\n') {
				this.position++;
			}
			this.skipLineFeed = false;
		}
		int scanned = 0;
		while (true) {
			for (int i = this.position + scanned; i < this.limit; i++) {
				byte b = this.buffer[i];
				if (b == '\n' || b == '\r') {
					this.lineStart = this.position;
					this.lineEnd = i;
					this.position = i + 1;
					this.skipLineFeed = (b == '\r');
					this.lineNumber++;
					return true;
				}
			}
			scanned = this.limit - this.position;
			if (!fill()) {
				if (this.position < this.limit) { // a last line without a line break
					this.lineStart = this.position;
					this.lineEnd = this.limit;
					this.position = this.limit;
					this.lineNumber++;
					return true;
				}
				return false;
			}
		}
	}

	/** Moves the unread bytes to the front (growing the buffer for a long line) and reads more; false at the end. */
	private boolean fill() throws IOException {
		int unread = this.limit - this.position;
		if (this.position > 0) {
			System.arraycopy(this.buffer, this.position, this.buffer, 0, unread);
			this.position = 0;
			this.limit = unread;
		}
		if (this.limit == this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, this.buffer.length * 2);
		}
		int read = this.in.read(this.buffer, this.limit, this.buffer.length - this.limit);
		if (read < 0) {
			return false;
		}
		this.limit += read;
		return true;
	}

}
