package com.promo.system;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.promo.testsupport.HealthProbe;
import com.promo.testsupport.TestInfrastructure;

/**
 * The six applications as real processes on their real ports. When `./promo up` already runs
 * them, tests use that platform; otherwise the built jars are started here, each with fresh
 * databases, and stopped when the tests end.
 */
final class RunningPlatform {

	/** The local profile's documented development secret, unless the environment sets another. */
	static final String JWT_SECRET = System.getenv().getOrDefault("PROMO_JWT_SECRET",
			"promo-local-development-secret-0123456789");

	static final Map<String, Integer> SERVICES = new LinkedHashMap<>();
	static {
		SERVICES.put("activity-service", 8081);
		SERVICES.put("coupon-service", 8082);
		SERVICES.put("claim-service", 8083);
		SERVICES.put("crowd-sync-service", 8084);
		SERVICES.put("discount-pricing-service", 8085);
		SERVICES.put("gateway", 8080);
	}

	private static final RunningPlatform INSTANCE = new RunningPlatform();

	private final Map<String, Process> started = new LinkedHashMap<>();

	private Map<String, String> environment;

	private Path root;

	private Path logs;

	/** One platform for every system test class; what it started is stopped when the JVM ends. */
	static synchronized RunningPlatform get() throws IOException, InterruptedException {
		if (INSTANCE.root == null) {
			INSTANCE.ensureUp();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					INSTANCE.stop();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
		}
		return INSTANCE;
	}

	private RunningPlatform() {
	}

	static String baseUrl(String service) {
		return "http://localhost:" + SERVICES.get(service);
	}

	private void ensureUp() throws IOException, InterruptedException {
		this.root = Path.of(System.getProperty("promo.root", "..")).toAbsolutePath().normalize();
		if (allReady()) {
			return;
		}
		this.logs = this.root.resolve("system-tests/target/platform-logs");
		Files.createDirectories(this.logs);
		this.environment = environment();
		for (String service : SERVICES.keySet()) {
			if (!ready(service)) {
				start(service);
			}
		}
		awaitReady(Duration.ofMinutes(5));
	}

	/** True when this test run started the service, so it may kill and restart it. */
	boolean owns(String service) {
		return this.started.containsKey(service);
	}

	/** Kills the service's process with SIGKILL: no shutdown hook, no graceful anything. */
	void kill9(String service) throws InterruptedException {
		Process process = this.started.get(service);
		process.destroyForcibly();
		process.waitFor(30, TimeUnit.SECONDS);
	}

	void restart(String service) throws IOException, InterruptedException {
		start(service);
		awaitReady(Duration.ofMinutes(3));
	}

	private void start(String service) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-jar", jarOf(this.root, service).toString(), "--spring.profiles.active=local"));
		if (service.equals("claim-service")) {
			// the fault tests wait for re-drives and reconciliation: run them often
			command.addAll(List.of("--promo.claim.redrive-after=3s", "--promo.claim.reconcile-interval=3s"));
		}
		if (service.equals("crowd-sync-service")) {
			// the kill test waits for a dead process's batch to be resumed: notice it within seconds
			command.addAll(List.of("--promo.crowd.batch-stale-after=5s", "--promo.crowd.batch-resume-check=2s"));
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logs.resolve(service + ".log").toFile()));
		builder.environment().putAll(this.environment);
		this.started.put(service, builder.start());
	}

	private void awaitReady(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!allReady()) {
			for (Map.Entry<String, Process> process : this.started.entrySet()) {
				if (!process.getValue().isAlive()) {
					throw new IllegalStateException(process.getKey() + " exited during start-up; see " + this.logs);
				}
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the platform did not become ready in time; see " + this.logs);
			}
			Thread.sleep(500);
		}
	}

	private void stop() throws InterruptedException {
		for (Process process : this.started.values()) {
			process.destroy();
		}
		for (Process process : this.started.values()) {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
	}

	/** Infrastructure addresses and fresh databases, as the applications' settings read them. */
	private static Map<String, String> environment() {
		TestInfrastructure infra = TestInfrastructure.get();
		Map<String, String> env = new LinkedHashMap<>();
		env.put("PROMO_JWT_SECRET", JWT_SECRET);
		env.put("PROMO_REDIS_NODES", infra.redisClusterNodes());
		env.put("PROMO_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
		env.put("PROMO_ACTIVITY_DB_URL", infra.jdbcUrl(infra.createDatabase("sys_activity")));
		env.put("PROMO_CLAIM_DB_URL", infra.jdbcUrl(infra.createDatabase("sys_claim")));
		env.put("PROMO_PRICING_DB_URL", infra.jdbcUrl(infra.createDatabase("sys_pricing")));
		env.put("PROMO_COUPON_DB_URL_TEMPLATE", shardTemplate(infra, "sys_coupon"));
		env.put("PROMO_CROWD_DB_URL_TEMPLATE", shardTemplate(infra, "sys_crowd"));
		// consumer groups of this run only: never share partitions with another running platform
		String run = Long.toString(System.currentTimeMillis());
		env.put("PROMO_COUPON_CONSUMER_GROUP", "sys-coupon-" + run);
		env.put("PROMO_CLAIM_CONSUMER_GROUP", "sys-claim-" + run);
		env.put("PROMO_CROWD_CONSUMER_GROUP", "sys-crowd-" + run);
		return env;
	}

	private static String shardTemplate(TestInfrastructure infra, String prefix) {
		String first = infra.createDatabases(prefix, 2).get(0);
		return infra.jdbcUrl(first.substring(0, first.length() - 1) + "{index}");
	}

	private static Path jarOf(Path root, String module) throws IOException {
		try (Stream<Path> files = Files.list(root.resolve(module).resolve("target"))) {
			return files.filter(path -> path.toString().endsWith(".jar") && !path.toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no jar for " + module + ": build the platform first"));
		}
	}

	private static String javaBinary() {
		return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
	}

	private static boolean allReady() {
		return SERVICES.keySet().stream().allMatch(RunningPlatform::ready);
	}

	private static boolean ready(String service) {
		try {
			HttpResponse<String> response = HealthProbe.get(baseUrl(service) + "/actuator/health/readiness");
			return response.statusCode() == 200;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

}
