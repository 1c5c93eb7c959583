package com.promo.crowd.batch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Writes realistic follow snapshots for tests and the benchmark: users in id order (as a warehouse
 * export is), each following a few sellers, sellers drawn from a Zipf distribution so that a few
 * have huge fan counts and most have a handful; follow times spread over the past year, some
 * relations with a first purchase.
 * <p>
 * {@code java -cp crowd-sync-service.jar -Dloader.main=com.promo.crowd.batch.SnapshotGenerator
 * org.springframework.boot.loader.launch.PropertiesLauncher <file> <rows> [users] [sellers] [seed]}
 * (a {@code .gz} file name writes it gzipped).
 *
 * @param rows relations to write
 * @param users about how many distinct users follow someone (more when duplicates are drawn)
 * @param sellers how many sellers there are
 * @param zipfExponent the skew of fan counts (about 1 for social graphs)
 * @param purchaseShare the share of relations with a first purchase
 * @param snapshotTime the snapshot's time; every follow and purchase lies before it
 * @param seed the random seed (the same seed writes the same file)
 * @param firstUser the first user id (users are numbered from it)
 */
public record SnapshotGenerator(long rows, long users, int sellers, double zipfExponent, double purchaseShare,
		Instant snapshotTime, long seed, long firstUser) {

	/** The default first user id, offset so that generated users do not meet real ones. */
	public static final long FIRST_USER = 5_000_000_000L;

	/** The first seller id. */
	public static final long FIRST_SELLER = 900_000_000L;

	public static SnapshotGenerator of(long rows, Instant snapshotTime, long seed) {
		return new SnapshotGenerator(rows, Math.max(1, rows / 8), (int) Math.max(10, Math.min(100_000, rows / 100)),
				1.05, 0.15, snapshotTime, seed, FIRST_USER);
	}

	/** Writes the snapshot (with a header row) and returns the number of relations written. */
	public long write(Path file) throws IOException {
		Random random = new Random(this.seed);
		double[] cumulative = zipf();
		long written = 0;
		long meanPerUser = Math.max(1, this.rows / this.users);
		try (OutputStream out = open(file);
				BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
			writer.write("userId,sellerId,followedAt,firstPurchaseAt\n");
			Set<Integer> followed = new HashSet<>();
			long yearMillis = Duration.ofDays(365).toMillis();
			long snapshot = this.snapshotTime.toEpochMilli();
			for (long user = 0; written < this.rows; user++) { // users is the expected count; dense users may add some
				int follows = (int) Math.min(this.sellers, Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * meanPerUser)));
				followed.clear();
				for (int i = 0; i < follows && written < this.rows; i++) {
					int seller = seller(cumulative, random);
					if (!followed.add(seller)) {
						continue;
					}
					long followedAt = snapshot - 1 - (long) (random.nextDouble() * yearMillis);
					writer.write(Long.toString(this.firstUser + user));
					writer.write(',');
					writer.write(Long.toString(FIRST_SELLER + seller));
					writer.write(',');
					writer.write(Instant.ofEpochMilli(followedAt).toString());
					writer.write(',');
					if (random.nextDouble() < this.purchaseShare) {
						writer.write(Instant.ofEpochMilli(followedAt + (long) (random.nextDouble() * (snapshot - followedAt))).toString());
					}
					writer.write('\n');
					written++;
				}
			}
		}
		return written;
	}

	private OutputStream open(Path file) throws IOException {
		OutputStream out = Files.newOutputStream(file);
		return file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(out, 1 << 16) : out;
	}

	private double[] zipf() {
		double[] cumulative = new double[this.sellers];
		double sum = 0;
		for (int rank = 0; rank < this.sellers; rank++) {
			sum += 1 / Math.pow(rank + 1, this.zipfExponent);
			cumulative[rank] = sum;
		}
		for (int rank = 0; rank < this.sellers; rank++) {
			cumulative[rank] /= sum;
		}
		return cumulative;
	}

	private static int seller(double[] cumulative, Random random) {
		int index = Arrays.binarySearch(cumulative, random.nextDouble());
		return Math.min(cumulative.length - 1, (index >= 0) ? index : -index - 1);
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: SnapshotGenerator <file[.gz]> <rows> [users] [sellers] [seed]");
			System.exit(2);
		}
		long rows = Long.parseLong(args[1]);
		SnapshotGenerator defaults = of(rows, Instant.now(), 1);
		SnapshotGenerator generator = new SnapshotGenerator(rows,
				(args.length > 2) ? Long.parseLong(args[2]) : defaults.users(),
				(args.length > 3) ? Integer.parseInt(args[3]) : defaults.sellers(), defaults.zipfExponent(),
				defaults.purchaseShare(), defaults.snapshotTime(), (args.length > 4) ? Long.parseLong(args[4]) : 1,
				FIRST_USER);
		long start = System.nanoTime();
		long written = generator.write(Path.of(args[0]));
		System.out.printf("wrote %d relations of %d users to %d sellers in %.1f s, snapshot time %s%n", written,
				generator.users(), generator.sellers(), (System.nanoTime() - start) / 1e9, generator.snapshotTime());
	}

}
