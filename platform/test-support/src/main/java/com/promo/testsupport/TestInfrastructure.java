package com.promo.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The real servers integration tests talk to: MariaDB, a 6-node Redis Cluster and Kafka.
 * <p>
 * When the local infrastructure of {@code ./promo infra up} answers (MariaDB on 3307, Redis on
 * 7000-7005, Kafka on 9092; ports overridable with the same environment variables as the
 * scripts), tests use it. Otherwise, where a Docker engine answers, {@link ContainerInfrastructure}
 * starts the same servers with Testcontainers. Without either, tests fail with a message saying
 * how to start the servers: they never fall back to an in-memory stand-in.
 */
public final class TestInfrastructure {

	public static final String DB_USER = "promo";

	public static final String DB_PASSWORD = "promo";

	private static volatile TestInfrastructure instance;

	private final String mariadbHost;

	private final int mariadbPort;

	private final List<String> redisNodes;

	private final String kafkaBootstrapServers;

	TestInfrastructure(String mariadbHost, int mariadbPort, List<String> redisNodes, String kafkaBootstrapServers) {
		this.mariadbHost = mariadbHost;
		this.mariadbPort = mariadbPort;
		this.redisNodes = List.copyOf(redisNodes);
		this.kafkaBootstrapServers = kafkaBootstrapServers;
	}

	public static TestInfrastructure get() {
		if (instance == null) {
			synchronized (TestInfrastructure.class) {
				if (instance == null) {
					instance = discover();
				}
			}
		}
		return instance;
	}

	private static TestInfrastructure discover() {
		int mariadbPort = envPort("PROMO_MARIADB_PORT", 3307);
		int kafkaPort = envPort("PROMO_KAFKA_PORT", 9092);
		List<Integer> redisPorts = IntStream.rangeClosed(7000, 7005).boxed().toList();
		boolean localUp = answers(mariadbPort) && answers(kafkaPort) && redisPorts.stream().allMatch(TestInfrastructure::answers);
		if (localUp) {
			return new TestInfrastructure("127.0.0.1", mariadbPort,
					redisPorts.stream().map(port -> "127.0.0.1:" + port).toList(), "127.0.0.1:" + kafkaPort);
		}
		if (ContainerInfrastructure.dockerAvailable()) {
			return ContainerInfrastructure.start();
		}
		throw new IllegalStateException("""
				No test infrastructure: neither the local servers (MariaDB :%d, Redis Cluster :7000-7005, Kafka :%d) \
				answer nor a Docker engine. Start them with `./promo infra up` (or run `./promo test`).""".formatted(mariadbPort, kafkaPort));
	}

	public String jdbcUrl(String database) {
		return "jdbc:mariadb://" + this.mariadbHost + ":" + this.mariadbPort + "/" + database;
	}

	/** Comma-separated {@code host:port} of the Redis Cluster nodes. */
	public String redisClusterNodes() {
		return String.join(",", this.redisNodes);
	}

	public String kafkaBootstrapServers() {
		return this.kafkaBootstrapServers;
	}

	/**
	 * Creates fresh, empty databases {@code <prefix>_<random>_0..count-1} so that a test class never
	 * sees another's rows and can run again and again on the same server.
	 * @return the database names
	 */
	public List<String> createDatabases(String prefix, int count) {
		String base = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
				+ UUID.randomUUID().toString().substring(0, 8);
		List<String> names = IntStream.range(0, count).mapToObj(i -> base + "_" + i).collect(Collectors.toList());
		try (Connection connection = DriverManager.getConnection(jdbcUrl(""), DB_USER, DB_PASSWORD);
				Statement statement = connection.createStatement()) {
			for (String name : names) {
				statement.execute("CREATE DATABASE `" + name + "`");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create test databases on " + jdbcUrl(""), ex);
		}
		return names;
	}

	public String createDatabase(String prefix) {
		return createDatabases(prefix, 1).get(0);
	}

	static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int envPort(String name, int fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
	}

}
