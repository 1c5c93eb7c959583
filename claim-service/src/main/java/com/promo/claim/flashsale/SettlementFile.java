package com.promo.claim.flashsale;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * Reads a payment provider's settlement file row by row (Jackson's CSV module over a strict UTF-8
 * decoder): the header {@code providerRef,transactionId,amount,paidAt}, then one payment per line.
 * Only the current row is in memory. Anything malformed stops the reading with the line it is on
 * (lines count from 1, the header).
 */
final class SettlementFile {

	static final List<String> HEADER = List.of("providerRef", "transactionId", "amount", "paidAt");

	/** One payment of the file. */
	record Row(int line, String providerRef, String transactionId, long amount, Instant paidAt) {
	}

	/** The file is not what the provider's settlement format says, at {@code line}. */
	static final class Malformed extends RuntimeException {

		private final int line;

		Malformed(int line, String reason) {
			super("line " + line + ": " + reason);
			this.line = line;
		}

		int line() {
			return this.line;
		}

	}

	private static final CsvMapper CSV = new CsvMapper();

	private SettlementFile() {
	}

	/** Streams the rows to {@code sink}; @return how many rows the file had. */
	static int read(InputStream body, Consumer<Row> sink) {
		Reader utf8 = new InputStreamReader(new Utf8Lines(body), StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT));
		int line = 0;
		int rows = 0;
		MappingIterator<String[]> records;
		try {
			records = CSV.readerFor(String[].class).with(CsvReadFeature.WRAP_AS_ARRAY).readValues(utf8);
		}
		catch (JacksonException ex) {
			Malformed encoding = encodingFailure(ex);
			throw encoding != null ? encoding : new Malformed(1, "not CSV: " + ex.getOriginalMessage());
		}
		try (records) {
			while (true) {
				int next = line + 1;
				String[] record;
				try {
					if (!records.hasNextValue()) {
						break;
					}
					record = records.nextValue();
				}
				catch (JacksonException ex) {
					Malformed encoding = encodingFailure(ex);
					throw encoding != null ? encoding : new Malformed(next, "not CSV: " + ex.getOriginalMessage());
				}
				line = next;
				if (line == 1) {
					if (!HEADER.equals(List.of(record).stream().map(String::trim).toList())) {
						throw new Malformed(1, "the header must be " + String.join(",", HEADER));
					}
					continue;
				}
				if (record.length == 1 && record[0].isBlank()) {
					continue; // an empty line (a trailing newline, say)
				}
				sink.accept(row(line, record));
				rows++;
			}
		}
		if (line == 0) {
			throw new Malformed(1, "the file is empty; the header must be " + String.join(",", HEADER));
		}
		return rows;
	}

	static Row row(int line, String[] record) {
		if (record.length != HEADER.size()) {
			throw new Malformed(line, "expected 4 columns, found " + record.length);
		}
		String providerRef = record[0].trim();
		String transactionId = record[1].trim();
		if (providerRef.isEmpty() || providerRef.length() > 128) {
			throw new Malformed(line, "providerRef must be 1-128 characters");
		}
		if (transactionId.isEmpty() || transactionId.length() > 64) {
			throw new Malformed(line, "transactionId must be 1-64 characters");
		}
		long amount;
		try {
			amount = Long.parseLong(record[2].trim());
		}
		catch (NumberFormatException ex) {
			throw new Malformed(line, "amount must be an integer number of minor units, not '" + record[2] + "'");
		}
		if (amount < 0) {
			throw new Malformed(line, "amount must not be negative");
		}
		Instant paidAt;
		try {
			paidAt = Instant.parse(record[3].trim());
		}
		catch (DateTimeParseException ex) {
			throw new Malformed(line, "paidAt must be an ISO-8601 UTC instant, not '" + record[3] + "'");
		}
		return new Row(line, providerRef, transactionId, amount, paidAt);
	}

	private static Malformed encodingFailure(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof Utf8Lines.NotUtf8 notUtf8) {
				return new Malformed(notUtf8.line, "not UTF-8 text");
			}
			if (t instanceof CharacterCodingException) {
				return new Malformed(0, "not UTF-8 text");
			}
		}
		return null;
	}

	/**
	 * Checks the bytes as UTF-8 while they pass and counts lines, so that a bad byte is reported on
	 * its own line (the decoder behind it reads ahead in blocks and could not tell).
	 */
	private static final class Utf8Lines extends java.io.FilterInputStream {

		static final class NotUtf8 extends java.io.IOException {

			final int line;

			NotUtf8(int line) {
				super("line " + line + ": not UTF-8 text");
				this.line = line;
			}

		}

		private int line = 1;

		private int continuations;

		Utf8Lines(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws java.io.IOException {
			int b = super.read();
			if (b >= 0) {
				check(b);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
			int n = super.read(buffer, offset, length);
			for (int i = 0; i < n; i++) {
				check(buffer[offset + i] & 0xff);
			}
			return n;
		}

		private void check(int b) throws NotUtf8 {
			if (this.continuations > 0) {
				if ((b & 0xc0) != 0x80) {
					throw new NotUtf8(this.line);
				}
				this.continuations--;
			}
			else if (b < 0x80) {
				if (b == '\n') {
					this.line++;
				}
			}
			else if (b >= 0xc2 && b <= 0xdf) {
				this.continuations = 1;
			}
			else if (b >= 0xe0 && b <= 0xef) {
				this.continuations = 2;
			}
			else if (b >= 0xf0 && b <= 0xf4) {
				this.continuations = 3;
			}
			else {
				throw new NotUtf8(this.line);
			}
		}

	}

}
