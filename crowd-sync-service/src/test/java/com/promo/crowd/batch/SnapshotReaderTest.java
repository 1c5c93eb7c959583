package com.promo.crowd.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast byte reader against the reference reading ({@link SnapshotRow#parse} of each line), on
 * well-formed lines and on lines damaged in every way the reference tells apart.
 */
class SnapshotReaderTest {

	static final Instant SNAPSHOT = Instant.parse("2026-11-30T00:00:00.123Z");

	@TempDir
	Path dir;

	@Test
	void everyLineIsReadAsTheReferenceReadsIt() throws IOException {
		List<String> lines = lines(new Random(42), 20_000);
		for (String separator : List.of("\n", "\r\n", "\r")) {
			for (boolean gzip : new boolean[] { false, true }) {
				Path file = write(lines, separator, gzip, true);
				assertThat(read(file, UserPartition.ALL, 0)).as("separator %s, gzip %s", separator.replace("\r", "CR").replace("\n", "LF"), gzip)
					.containsExactlyElementsOf(reference(lines, 2));
			}
		}
	}

	@Test
	void aFileWithoutHeaderStartsAtLineOne() throws IOException {
		List<String> lines = List.of("1,2,2026-01-01T00:00:00Z", "# a comment", "3,4,2026-01-01T00:00:00Z,", "x,5,6");
		Path file = write(lines, "\n", false, false);
		List<SnapshotRow> rows = read(file, UserPartition.ALL, 0);
		assertThat(rows).extracting(SnapshotRow::lineNumber).containsExactly(1, 3, 4);
		assertThat(rows.get(2).error()).startsWith("line 4: userId 'x'");
		Path header = write(List.of("userId,sellerId,followedAt", "1,2,2026-01-01T00:00:00Z"), "\n", false, false);
		assertThat(read(header, UserPartition.ALL, 0)).extracting(SnapshotRow::lineNumber).containsExactly(2);
		assertThat(read(write(List.of(), "\n", false, false), UserPartition.ALL, 0)).isEmpty();
	}

	@Test
	void partitionsShareTheRowsOutAndSkipTheirOwnCommittedRows() throws IOException {
		List<String> lines = lines(new Random(7), 30_000);
		Path file = write(lines, "\n", true, true);
		List<SnapshotRow> all = read(file, UserPartition.ALL, 0);
		List<SnapshotRow> union = new ArrayList<>();
		for (int index = 0; index < 5; index++) {
			UserPartition partition = new UserPartition(index, 5);
			List<SnapshotRow> rows = read(file, partition, 0);
			assertThat(rows).as("partition %d has rows", index).hasSizeGreaterThan(all.size() / 10);
			for (SnapshotRow row : rows) {
				Long user = row.isValid() ? Long.valueOf(row.userId()) : SnapshotRow.userIdOf(lines.get(row.lineNumber() - 2));
				assertThat((user != null) ? partition.owns(user) : index == 0).as("line %d in partition %d", row.lineNumber(), index).isTrue();
			}
			assertThat(read(file, partition, 1234)).containsExactlyElementsOf(rows.subList(1234, rows.size()));
			union.addAll(rows);
		}
		assertThat(union).containsExactlyInAnyOrderElementsOf(all);
	}

	@Test
	void epochDaysAreThoseOfTheCalendar() {
		for (long day = -800_000; day < 800_000; day += 997) {
			java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
			assertThat(SnapshotReader.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth())).isEqualTo(day);
		}
	}

	private static List<SnapshotRow> reference(List<String> lines, int firstLine) {
		List<SnapshotRow> rows = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			if (!lines.get(i).startsWith("#")) {
				rows.add(SnapshotRow.parse(lines.get(i), i + firstLine, SNAPSHOT));
			}
		}
		return rows;
	}

	private static List<SnapshotRow> read(Path file, UserPartition partition, long skip) {
		List<SnapshotRow> rows = new ArrayList<>();
		try (SnapshotReader reader = new SnapshotReader(file, SNAPSHOT, partition, skip)) {
			reader.open(new ExecutionContext());
			SnapshotRow row;
			while ((row = reader.read()) != null) {
				rows.add(row);
			}
		}
		return rows;
	}

	private Path write(List<String> lines, String separator, boolean gzip, boolean header) throws IOException {
		Path file = Files.createTempFile(this.dir, "snapshot-", gzip ? ".csv.gz" : ".csv");
		StringBuilder text = new StringBuilder(header ? "userId,sellerId,followedAt,firstPurchaseAt" + separator : "");
		for (int i = 0; i < lines.size(); i++) {
			text.append(lines.get(i));
			if (i < lines.size() - 1 || separator.equals("\n")) { // with and without a last line break
				text.append(separator);
			}
		}
		try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
			out.write(text.toString().getBytes(StandardCharsets.UTF_8));
		}
		return file;
	}

	/** Mostly good rows (fractions of 0 to 9 digits), and one in ten damaged in one of many ways. */
	static List<String> lines(Random random, int count) {
		List<String> lines = new ArrayList<>();
		long user = 1_000_000;
		for (int i = 0; i < count; i++) {
			user += random.nextInt(3) == 0 ? 1 : 0;
			long seller = 900_000 + random.nextInt(5000);
			Instant followed = SNAPSHOT.minusMillis(random.nextLong(400L * 86_400_000)).minusNanos(random.nextInt(1_000_000));
			String bought = random.nextBoolean() ? "" : "," + time(random, SNAPSHOT.minusMillis(random.nextLong(86_400_000)));
			String line = user + "," + seller + "," + time(random, followed) + bought;
			lines.add((random.nextInt(10) == 0) ? damage(random, line, user, seller) : line);
		}
		return lines;
	}

	private static String time(Random random, Instant instant) {
		String text = instant.toString(); // 0, 3, 6 or 9 fraction digits
		int digits = random.nextInt(10);
		int dot = text.indexOf('.');
		String whole = (dot < 0) ? text.substring(0, text.length() - 1) : text.substring(0, dot);
		String fraction = String.format("%09d", instant.getNano());
		return whole + ((digits == 0) ? "" : "." + fraction.substring(0, digits)) + "Z";
	}

	private static String damage(Random random, String line, long user, long seller) {
		return switch (random.nextInt(24)) {
			case 0 -> "";
			case 1 -> " " + line;
			case 2 -> line + ",";
			case 3 -> line + ",x";
			case 4 -> user + "," + seller;
			case 5 -> "a" + line;
			case 6 -> user + ",-" + seller + ",2026-01-01T00:00:00Z";
			case 7 -> "1234567890123456789," + seller + ",2026-01-01T00:00:00Z";
			case 8 -> user + "," + seller + ",2026-02-29T00:00:00Z";
			case 9 -> user + "," + seller + ",2024-02-29T23:59:59.9Z";
			case 10 -> user + "," + seller + ",2026-13-01T00:00:00Z";
			case 11 -> user + "," + seller + ",2026-01-01T24:00:00Z";
			case 12 -> user + "," + seller + ",2026-01-01T00:00:00.Z";
			case 13 -> user + "," + seller + ",2026-01-01T00:00:00.1234567890Z";
			case 14 -> user + "," + seller + ",2026-01-01T00:00:00+01:00";
			case 15 -> user + "," + seller + ",2026-01-01 00:00:00Z";
			case 16 -> user + "," + seller + ",2026-11-30T00:00:00.124Z"; // after the snapshot
			case 17 -> user + "," + seller + ",2026-11-30T00:00:00.1239Z"; // its millisecond
			case 18 -> user + "," + seller + ",2026-01-01T00:00:00Z,2027-01-01T00:00:00Z";
			case 19 -> user + "," + seller + ",2026-01-01T00:00:00Z,  ";
			case 20 -> user + "," + seller + ", 2026-01-01T00:00:00Z";
			case 21 -> user + "," + seller + ",0001-01-01T00:00:00Z";
			case 22 -> "٣," + seller + ",2026-01-01T00:00:00Z"; // a non-ASCII digit: an id for Character.isDigit
			default -> user + "," + seller + ",1969-12-31T23:59:59.999999Z,1900-03-01T00:00:00Z";
		};
	}

}
