package com.promo.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis Cluster of {@code ./promo infra up} (ports 7000-7005) as fault tests handle it, through
 * {@code redis-cli}: which master owns a key's slot per {@code CLUSTER NODES}, a master stopped
 * with {@code SHUTDOWN}, and the node started again by {@code ./promo infra up}.
 */
public final class LocalRedisCluster {

	public static final int FIRST_PORT = 7000;

	public static final int LAST_PORT = 7005;

	private LocalRedisCluster() {
	}

	/** Fails unless the local cluster answers: a fault test needs nodes it may stop and restart. */
	public static void assertLocalClusterAnswers() throws IOException, InterruptedException {
		assertThat(answers(FIRST_PORT)).as("this test stops a node of the local Redis Cluster of ./promo "
				+ "(`./promo infra up`, ports %d-%d), which must answer on %d", FIRST_PORT, LAST_PORT, FIRST_PORT)
			.isTrue();
	}

	public static String cli(int port, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		return out;
	}

	public static boolean answers(int port) throws IOException, InterruptedException {
		return cli(port, "ping").contains("PONG");
	}

	/** Shuts a node down and returns once it no longer answers (it first waits for its replica). */
	public static void stop(int port) throws IOException, InterruptedException {
		cli(port, "shutdown", "nosave");
		await("Redis :" + port + " stops answering after SHUTDOWN").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !answers(port));
	}

	/** The port of the master that owns the key's slot, as the first node that answers sees it. */
	public static int masterOf(String key) throws IOException, InterruptedException {
		int master = masterOrNone(key);
		if (master < 0) {
			throw new IllegalStateException("no master for the slot of " + key);
		}
		return master;
	}

	/** {@link #masterOf}, or -1 while no live master holds the slot (in the middle of a failover). */
	public static int masterOrNone(String key) throws IOException, InterruptedException {
		int node = FIRST_PORT;
		while (!answers(node)) {
			if (++node > LAST_PORT) {
				throw new IllegalStateException(
						"no node of the Redis Cluster on " + FIRST_PORT + "-" + LAST_PORT + " answers");
			}
		}
		int slot = Integer.parseInt(cli(node, "cluster", "keyslot", key).trim());
		for (String line : cli(node, "cluster", "nodes").split("\n")) {
			String[] f = line.trim().split(" ");
			if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < f.length; i++) {
				if (f[i].startsWith("[")) { // a slot being migrated
					continue;
				}
				String[] range = f[i].split("-");
				int from = Integer.parseInt(range[0]);
				int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
				if (slot >= from && slot <= to) {
					return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
				}
			}
		}
		return -1;
	}

	/** Waits until a replica has taken the key's slot over from a stopped master; returns the new master. */
	public static int awaitPromotion(int master, String key) throws IOException, InterruptedException {
		// the port seen by the check itself: a node asked again right after may still be converging
		return await("a replica of :" + master + " takes over the slot of " + key).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> masterOrNone(key), promoted -> promoted > 0 && promoted != master);
	}

	/**
	 * ./promo infra up restarts a node of ours that is down; it rejoins as a replica. Returns once it
	 * answers and the cluster is whole again, so the next test finds it as before. The repository's
	 * root is the system property {@code promo.root} (default: the parent of the module's directory).
	 */
	public static void restartStopped(int port) throws IOException, InterruptedException {
		String root = System.getProperty("promo.root", "..");
		Process process = new ProcessBuilder("bash", root + "/promo", "infra", "up").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(process.waitFor()).as("./promo infra up").isZero();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
			.until(() -> answers(port) && cli(port, "cluster", "info").contains("cluster_state:ok"));
	}

}
