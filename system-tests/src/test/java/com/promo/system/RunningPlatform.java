package com.promo.system;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.promo.testsupport.HealthProbe;
import com.promo.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The six applications as real processes on their real ports. When `./promo up` already runs
 * them, tests use that platform; otherwise the built jars are started here, each with fresh
 * databases, and stopped when the tests end.
 * <p>
 * Fault tests may SIGKILL any service, whoever started it: a process of this run is started
 * again the same way, a process of `./promo up` (found by its pid file in {@code .promo/run}) is
 * started again with the command line, environment and directory it ran with, and its pid file
 * is updated, so `./promo down` still stops it.
 */
final class RunningPlatform {

	/** The local profile's documented development secret, unless the environment sets another. */
	static final String JWT_SECRET = System.getenv().getOrDefault("PROMO_JWT_SECRET",
			"promo-local-development-secret-0123456789");

	/**
	 * The gateway's port; the services take the next five, the gateway's management port base + 10.
	 * 8080 as `./promo up`; {@code -Dpromo.system.port-base} moves a platform this run starts out
	 * of the way of one that holds those ports (another checkout's).
	 */
	static final int PORT_BASE = Integer.getInteger("promo.system.port-base", 8080);

	/** How long a flash-sale reservation of a platform this run starts waits for its payment. */
	static final Duration FLASH_SALE_PAYMENT_WINDOW = Duration.ofSeconds(40);

	static final Map<String, Integer> SERVICES = new LinkedHashMap<>();
	static {
		SERVICES.put("activity-service", PORT_BASE + 1);
		SERVICES.put("coupon-service", PORT_BASE + 2);
		SERVICES.put("claim-service", PORT_BASE + 3);
		SERVICES.put("crowd-sync-service", PORT_BASE + 4);
		SERVICES.put("discount-pricing-service", PORT_BASE + 5);
		SERVICES.put("gateway", PORT_BASE);
	}

	/** claim-service's settings in a platform this run starts (a ./promo platform keeps its own). */
	static final List<String> CLAIM_SERVICE_TEST_SETTINGS = List.of("--promo.claim.redrive-after=3s",
			"--promo.claim.reconcile-interval=3s", "--promo.flash-sale.payment-window=" + FLASH_SALE_PAYMENT_WINDOW.toSeconds() + "s",
			"--promo.flash-sale.expiry-interval=1s", "--promo.flash-sale.handoff-redrive-after=10s",
			"--promo.flash-sale.user-token-budget=100000", "--promo.flash-sale.ip-token-budget=1000000");

	private static final RunningPlatform INSTANCE = new RunningPlatform();

	private final Map<String, Process> started = new LinkedHashMap<>();

	/** How `./promo up`'s processes that a test killed were running, to start them again. */
	private final Map<String, Launch> relaunch = new LinkedHashMap<>();

	/** The jar each service of this run runs from, extracted by {@link #extracted}. */
	private final Map<String, Path> extractedJars = new LinkedHashMap<>();

	/** Services killed by {@link #kill9} and not restarted yet. */
	private final Set<String> killed = new LinkedHashSet<>();

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
		logDirectory();
		this.environment = environment();
		for (String service : SERVICES.keySet()) {
			if (!ready(service)) {
				start(service);
			}
		}
		awaitReady(Duration.ofMinutes(5));
	}

	/**
	 * The file the service's process writes its log to: this run's, or `./promo up`'s (both append,
	 * across restarts too).
	 */
	Path logOf(String service) {
		return owns(service) ? this.logs.resolve(service + ".log") : this.root.resolve(".promo/logs/" + service + ".log");
	}

	/** True when this test run started the service (rather than `./promo up`). */
	boolean owns(String service) {
		return this.started.containsKey(service);
	}

	/** A service process killed by {@link #kill9}. */
	record Killed(String service, long pid) {
	}

	/**
	 * Kills the service's process with SIGKILL (no shutdown hook, no graceful anything) and returns
	 * once the process is gone and its port no longer answers. Fails when the service cannot be
	 * found: a port that answers without a process of this run or a live pid file of ./promo.
	 */
	synchronized Killed kill9(String service) throws IOException, InterruptedException {
		ProcessHandle victim = processOf(service);
		if (!owns(service)) {
			this.relaunch.put(service, Launch.of(victim));
		}
		this.killed.add(service);
		victim.destroyForcibly(); // SIGKILL on Linux
		awaitGone(victim, Duration.ofSeconds(30));
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (portAnswers(SERVICES.get(service))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("killed " + service + " (pid " + victim.pid() + ") but port "
						+ SERVICES.get(service) + " still answers: another process serves it");
			}
			Thread.sleep(50);
		}
		return new Killed(service, victim.pid());
	}

	private static boolean portAnswers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** True while the process exists and is not a zombie (a killed orphan nobody reaped yet). */
	static boolean alive(long pid) {
		if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
			return false;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
		}
		catch (IOException gone) {
			return false;
		}
	}

	private static void awaitGone(ProcessHandle process, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (alive(process.pid())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("pid " + process.pid() + " is still alive " + timeout + " after SIGKILL");
			}
			Thread.sleep(20);
		}
	}

	/** The service's live process: this run's, or the one named by ./promo's pid file. */
	private ProcessHandle processOf(String service) throws IOException {
		Process ours = this.started.get(service);
		if (ours != null) {
			if (!ours.isAlive()) {
				throw new IllegalStateException(service + " of this run is not running; see " + this.logs);
			}
			return ours.toHandle();
		}
		Path pidFile = this.root.resolve(".promo/run/" + service + ".pid");
		String where = service + " answers on port " + SERVICES.get(service) + " but ";
		if (!Files.exists(pidFile)) {
			throw new IllegalStateException(where + "was not started by this run and " + pidFile
					+ " does not exist: a platform this test cannot kill and restart. Stop it, or start it with ./promo up");
		}
		long pid = Long.parseLong(Files.readString(pidFile).trim());
		if (!alive(pid)) {
			throw new IllegalStateException(where + pidFile + " names pid " + pid + ", which is not running");
		}
		String command = String.join(" ", Launch.read(pid, "cmdline"));
		if (!command.contains(service)) {
			throw new IllegalStateException(where + pidFile + " names pid " + pid + ", which runs something else: " + command);
		}
		return ProcessHandle.of(pid).orElseThrow();
	}

	/** Restarts every service {@link #kill9} killed and nobody restarted (a fault that failed half-way). */
	synchronized void restartKilled() throws IOException, InterruptedException {
		for (String service : List.copyOf(this.killed)) {
			restart(service);
		}
	}

	/** Starts a killed service again and returns once it is ready. */
	synchronized void restart(String service) throws IOException, InterruptedException {
		this.killed.remove(service);
		Launch launch = this.relaunch.remove(service);
		Process process;
		if (launch == null) {
			start(service);
			process = this.started.get(service);
		}
		else {
			process = launch.start(this.root.resolve(".promo/logs/" + service + ".log"));
			Files.writeString(this.root.resolve(".promo/run/" + service + ".pid"), process.pid() + "\n");
		}
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (!ready(service)) {
			if (!process.isAlive()) {
				throw new IllegalStateException(service + " exited during start-up; see its log");
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(service + " did not become ready in time; see its log");
			}
			Thread.sleep(250);
		}
	}

	/**
	 * Stops one of the platform's own local servers ({@code mariadb} or {@code kafka}, which
	 * {@code ./promo infra up} started) as {@code ./promo} stops it (SIGTERM, then SIGKILL after
	 * 20 s), and proves it: the pid of its pid file is gone and its port refuses connections. Fails
	 * when the server on the port is not ./promo's (no pid file): then no test may stop it.
	 * @return the pid that was stopped
	 */
	long stopServer(String server, int port) throws IOException, InterruptedException {
		Path pidFile = this.root.resolve(".promo/run/" + server + ".pid");
		if (!Files.exists(pidFile)) {
			throw new IllegalStateException("no " + pidFile + ": the " + server + " on port " + port
					+ " was not started by ./promo, and a test cannot stop it");
		}
		long pid = Long.parseLong(Files.readString(pidFile).trim());
		promo("bash", "-c", "source infra/lib.sh && source infra/" + server + ".sh && " + server + "_down");
		if (alive(pid) || portAnswers(port)) {
			throw new IllegalStateException(server + " pid " + pid + " alive: " + alive(pid) + ", port " + port
					+ " answers: " + portAnswers(port));
		}
		return pid;
	}

	/** Starts what of the local infrastructure is down, as CI does ({@code ./promo infra up}). */
	void startServers() throws IOException, InterruptedException {
		promo("./promo", "infra", "up");
	}

	/** Runs one of ./promo's commands in the project's root; fails with its output unless it succeeds. */
	private void promo(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(this.root.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
		}
	}

	/** The pid serving the service now (this run's or ./promo's). */
	synchronized long pidOf(String service) throws IOException {
		return processOf(service).pid();
	}

	/**
	 * The JDBC URLs of coupon-service's databases (the wallet's shards, the first also holds the
	 * arbiter's counters), in shard order.
	 */
	List<String> couponDatabases(int count) throws IOException {
		String template = owns("coupon-service") ? this.environment.get("PROMO_COUPON_DB_URL_TEMPLATE")
				: promoSetting("coupon-service", "PROMO_COUPON_DB_URL_TEMPLATE",
						"jdbc:mariadb://127.0.0.1:3307/promo_coupon_{index}");
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			urls.add(template.replace("{index}", Integer.toString(i)));
		}
		return urls;
	}

	/** A setting of ./promo's process of the service from its environment, or the local default. */
	private String promoSetting(String service, String name, String fallback) throws IOException {
		String prefix = name + "=";
		return Launch.read(processOf(service).pid(), "environ")
			.stream()
			.filter(entry -> entry.startsWith(prefix))
			.map(entry -> entry.substring(prefix.length()))
			.findFirst()
			.orElse(fallback);
	}

	/** How a process of ./promo ran, read from /proc before it is killed. */
	private record Launch(List<String> command, Map<String, String> environment, Path directory) {

		static Launch of(ProcessHandle process) throws IOException {
			long pid = process.pid();
			List<String> command = new ArrayList<>(read(pid, "cmdline"));
			// the binary itself, not a name the child would look up on the parent's PATH
			command.set(0, Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString());
			Map<String, String> environment = new LinkedHashMap<>();
			for (String entry : read(pid, "environ")) {
				int eq = entry.indexOf('=');
				if (eq > 0) {
					environment.put(entry.substring(0, eq), entry.substring(eq + 1));
				}
			}
			return new Launch(command, environment, Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")));
		}

		static List<String> read(long pid, String file) throws IOException {
			String raw = Files.readString(Path.of("/proc/" + pid + "/" + file), StandardCharsets.UTF_8);
			return List.of(raw.split("\0"));
		}

		/** Starts it again detached from this JVM's streams, as ./promo does, logging to its log. */
		Process start(Path log) throws IOException {
			ProcessBuilder builder = new ProcessBuilder(this.command).directory(this.directory.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().clear();
			builder.environment().putAll(this.environment);
			return builder.start();
		}

	}

	private void start(String service) throws IOException, InterruptedException {
		// claim-service: the fault tests wait for re-drives, reconciliation and unpaid flash-sale
		// reservations, so it runs them often; their buyers all come from this one address
		List<String> command = commandOf(service, service.equals("claim-service") ? CLAIM_SERVICE_TEST_SETTINGS : List.of());
		this.started.put(service, launch(command, this.environment, SERVICES.get(service), service + ".log"));
	}

	/** The service's command line as this run starts it, with {@code arguments} added. */
	private List<String> commandOf(String service, List<String> arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-jar", extracted(service).toString(), "--spring.profiles.active=local"));
		command.addAll(arguments);
		return command;
	}

	private Process launch(List<String> command, Map<String, String> environment, int port, String log)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logDirectory().resolve(log).toFile()));
		builder.environment().putAll(environment);
		builder.environment().put("PORT", String.valueOf(port));
		return builder.start();
	}

	private Path logDirectory() throws IOException {
		if (this.logs == null) { // a platform of ./promo up runs: this run's own instances still log here
			this.logs = this.root.resolve("system-tests/target/platform-logs");
			Files.createDirectories(this.logs);
		}
		return this.logs;
	}

	/**
	 * Starts a process of the service of the test's own, beside the platform (whoever started that):
	 * a free port, fresh databases and consumer groups of its own, and the test's extra arguments.
	 * For a fault test that needs settings the platform's process does not have, without touching
	 * that process (another engineer's ./promo up, say). Returns once it is ready.
	 */
	OwnInstance startOwn(String service, String... arguments) throws IOException, InterruptedException {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		OwnInstance instance = new OwnInstance(service, port, commandOf(service, List.of(arguments)), environment());
		instance.start();
		return instance;
	}

	/** A process of {@link #startOwn}: killed and restarted by its test, stopped when closed. */
	final class OwnInstance implements AutoCloseable {

		private final String service;

		private final int port;

		private final List<String> command;

		private final Map<String, String> environment;

		private Process process;

		private OwnInstance(String service, int port, List<String> command, Map<String, String> environment) {
			this.service = service;
			this.port = port;
			this.command = command;
			this.environment = environment;
		}

		String baseUrl() {
			return "http://localhost:" + this.port;
		}

		/** SIGKILL; returns once the process is gone and its port refuses connections. */
		void kill9() throws InterruptedException {
			this.process.destroyForcibly();
			awaitGone(this.process.toHandle(), Duration.ofSeconds(30));
			long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			while (portAnswers(this.port)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("killed " + this.service + " but port " + this.port + " still answers");
				}
				Thread.sleep(50);
			}
		}

		/** Starts it again the same way (same port, databases and arguments) and returns once it is ready. */
		void restart() throws IOException, InterruptedException {
			start();
		}

		private void start() throws IOException, InterruptedException {
			this.process = launch(this.command, this.environment, this.port, this.service + "-own-" + this.port + ".log");
			long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
			while (!readyAt(baseUrl())) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(this.service + " (own instance) exited during start-up; see " + logs);
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(this.service + " (own instance) did not become ready; see " + logs);
				}
				Thread.sleep(250);
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

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
		startAtTheEnd(infra.kafkaBootstrapServers(),
				List.of("sys-coupon-" + run, "sys-claim-" + run, "sys-claim-" + run + "-flash-sales", "sys-crowd-" + run));
		// where the gateway routes and the services call each other (the defaults when PORT_BASE is 8080)
		env.put("PROMO_ACTIVITY_URL", "http://127.0.0.1:" + SERVICES.get("activity-service"));
		env.put("PROMO_COUPON_URL", "http://127.0.0.1:" + SERVICES.get("coupon-service"));
		env.put("PROMO_CLAIM_URL", "http://127.0.0.1:" + SERVICES.get("claim-service"));
		env.put("PROMO_CROWD_SYNC_URL", "http://127.0.0.1:" + SERVICES.get("crowd-sync-service"));
		env.put("PROMO_PRICING_URL", "http://127.0.0.1:" + SERVICES.get("discount-pricing-service"));
		env.put("PROMO_GATEWAY_MANAGEMENT_PORT", String.valueOf(PORT_BASE + 10));
		// the console's development sign-in, as ./promo up has it (README "Tokens"); never in a deployment
		env.put("PROMO_DEV_SIGN_IN", "true");
		return env;
	}

	/**
	 * Commits the offsets of this run's new consumer groups at the end of every topic. A new group
	 * would start at the earliest offset (the services' default) and first replay the shared
	 * broker's whole history: every claim of every earlier run and benchmark, hundreds of thousands,
	 * settled again as NOT_CLAIMABLE (these fresh databases know none of their templates) and sent
	 * to every platform's claim-service, before this run's own claims get their turn.
	 */
	private static void startAtTheEnd(String bootstrapServers, List<String> groups) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> partitions = new LinkedHashMap<>();
			admin.describeTopics(topics)
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.forEach((topic, description) -> description.partitions()
					.forEach(p -> partitions.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
			Map<TopicPartition, OffsetAndMetadata> ends = new LinkedHashMap<>();
			admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS)
				.forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end.offset())));
			for (String group : groups) {
				if (!ends.isEmpty()) {
					admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
				}
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot start this run's consumer groups at the end of the topics", ex);
		}
	}

	private static String shardTemplate(TestInfrastructure infra, String prefix) {
		String first = infra.createDatabases(prefix, 2).get(0);
		return infra.jdbcUrl(first.substring(0, first.length() - 1) + "{index}");
	}

	/** The service's jar extracted as ./promo up runs it (infra/extract-app says why), once per run. */
	private Path extracted(String service) throws IOException, InterruptedException {
		Path known = this.extractedJars.get(service);
		if (known != null) {
			return known;
		}
		Path directory = this.root.resolve("system-tests/target/platform-run").resolve(service);
		ProcessBuilder builder = new ProcessBuilder(this.root.resolve("infra/extract-app").toString(),
				jarOf(this.root, service).toString(), directory.toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		Process extract = builder.start();
		String jar = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (extract.waitFor() != 0 || jar.isEmpty()) {
			throw new IllegalStateException("infra/extract-app could not extract " + service + "'s jar");
		}
		this.extractedJars.put(service, Path.of(jar));
		return Path.of(jar);
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
		return readyAt(baseUrl(service));
	}

	private static boolean readyAt(String baseUrl) {
		try {
			HttpResponse<String> response = HealthProbe.get(baseUrl + "/readyz");
			return response.statusCode() == 200;
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

}
