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

	private final List<Process> started = new ArrayList<>();

	static String baseUrl(String service) {
		return "http://localhost:" + SERVICES.get(service);
	}

	void ensureUp() throws IOException, InterruptedException {
		if (allReady()) {
			return;
		}
		Path root = Path.of(System.getProperty("promo.root", "..")).toAbsolutePath().normalize();
		Path logs = root.resolve("system-tests/target/platform-logs");
		Files.createDirectories(logs);
		Map<String, String> environment = environment();
		for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
			if (ready(service.getKey())) {
				continue;
			}
			ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
					"-XX:TieredStopAtLevel=1", "-jar", jarOf(root, service.getKey()).toString(),
					"--spring.profiles.active=local")
				.redirectErrorStream(true)
				.redirectOutput(logs.resolve(service.getKey() + ".log").toFile());
			builder.environment().putAll(environment);
			this.started.add(builder.start());
		}
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		while (!allReady()) {
			for (Process process : this.started) {
				if (!process.isAlive()) {
					throw new IllegalStateException("an application exited during start-up; see " + logs);
				}
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the platform did not become ready in 5 minutes; see " + logs);
			}
			Thread.sleep(1000);
		}
	}

	void stop() throws InterruptedException {
		for (Process process : this.started) {
			process.destroy();
		}
		for (Process process : this.started) {
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
