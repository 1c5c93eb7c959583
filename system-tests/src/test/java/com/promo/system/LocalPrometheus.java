package com.promo.system;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's {@code prometheus} binary, which {@code ./promo test} installs when
 * missing) run as a local process of the test: it scrapes the given targets' {@code
 * /actuator/prometheus} every second into a throw-away database and answers queries through its
 * HTTP API.
 */
final class LocalPrometheus implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final String url;

	private final Path log;

	private final Path data;

	private LocalPrometheus(Process process, int port, Path log, Path data) {
		this.process = process;
		this.url = "http://127.0.0.1:" + port;
		this.log = log;
		this.data = data;
	}

	/**
	 * Starts Prometheus scraping {@code targets} (host:port, each labelled {@code instance}) as job
	 * {@code promo}, as infra/prometheus/prometheus.yml does, and returns once it is ready.
	 */
	static LocalPrometheus start(Path workDirectory, List<String> targets) throws IOException {
		Path binary = binary();
		Files.createDirectories(workDirectory);
		Path config = workDirectory.resolve("prometheus.yml");
		Files.writeString(config, """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				scrape_configs:
				  - job_name: promo
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: [%s]
				""".formatted(targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))));
		int port = freePort();
		Path log = workDirectory.resolve("prometheus.log");
		// a fresh database each run: a series an earlier run stored must not pass for a known metric
		Path data = Files.createTempDirectory(workDirectory, "data-");
		Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port,
				"--storage.tsdb.retention.time=1h")
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		LocalPrometheus prometheus = new LocalPrometheus(process, port, log, data);
		try {
			await("Prometheus ready on port " + port + " (log: " + log + ")").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException("Prometheus exited at start-up: " + Files.readString(log));
					}
					return prometheus.ready();
				});
		}
		catch (RuntimeException ex) {
			prometheus.close();
			throw ex;
		}
		return prometheus;
	}

	/**
	 * The binary: {@code PROMO_PROMETHEUS} or {@code prometheus} on the PATH. Missing, the test fails
	 * with what to do (never skips).
	 */
	static Path binary() {
		String configured = System.getenv("PROMO_PROMETHEUS");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
			.map(directory -> Path.of(directory, "prometheus"))
			.filter(Files::isExecutable)
			.findFirst();
		return found.orElseThrow(() -> new IllegalStateException("""
				no 'prometheus' binary on the PATH: the dashboard check needs a real Prometheus. \
				./promo test installs Debian's package when it is missing; by hand: apt-get install prometheus \
				(or set PROMO_PROMETHEUS to a prometheus binary)"""));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	String url() {
		return this.url;
	}

	private boolean ready() {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(this.url + "/-/ready")).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** A scrape target as Prometheus last saw it. */
	record Target(String instance, String health, Instant lastScrape, String lastError) {
	}

	List<Target> targets() {
		List<Target> targets = new ArrayList<>();
		for (JsonNode target : get("/api/v1/targets?state=active").path("data").path("activeTargets")) {
			targets.add(new Target(target.path("labels").path("instance").asString(), target.path("health").asString(),
					Instant.parse(target.path("lastScrape").asString()), target.path("lastError").asString()));
		}
		return targets;
	}

	/** Every metric name Prometheus holds a series of. */
	Set<String> metricNames() {
		Set<String> names = new TreeSet<>();
		get("/api/v1/label/__name__/values").path("data").forEach(name -> names.add(name.asString()));
		return names;
	}

	/** Every series Prometheus holds, one line each ({@code name{label="value", ...}}): what a failed check had. */
	void writeSeries(Path file) throws IOException {
		Set<String> lines = new TreeSet<>();
		for (JsonNode series : get("/api/v1/series?match[]=" + URLEncoder.encode("{__name__=~\".+\"}", StandardCharsets.UTF_8))
			.path("data")) {
			StringBuilder line = new StringBuilder(series.path("__name__").asString()).append('{');
			series.properties()
				.stream()
				.filter(label -> !label.getKey().equals("__name__"))
				.forEach(label -> line.append(label.getKey()).append("=\"").append(label.getValue().asString()).append("\", "));
			lines.add(line.append('}').toString());
		}
		Files.write(file, lines);
	}

	/** An instant query's answer: its series, or the error Prometheus gave (a parse error, say). */
	record Answer(List<Map<String, String>> series, String error) {

		boolean failed() {
			return this.error != null;
		}

	}

	Answer query(String promql) {
		JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		if (!"success".equals(body.path("status").asString())) {
			return new Answer(List.of(), body.path("errorType").asString() + ": " + body.path("error").asString());
		}
		List<Map<String, String>> series = new ArrayList<>();
		JsonNode data = body.path("data");
		String type = data.path("resultType").asString();
		if (type.equals("vector") || type.equals("matrix")) {
			for (JsonNode one : data.path("result")) {
				Map<String, String> labels = new TreeMap<>();
				one.path("metric").properties().forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
				series.add(labels);
			}
		}
		else { // a scalar or a string: one value
			series.add(Map.of());
		}
		return new Answer(series, null);
	}

	private JsonNode get(String pathAndQuery) {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(URI.create(this.url + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Prometheus did not answer " + pathAndQuery + " (log: " + this.log + ")", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		try (Stream<Path> files = Files.walk(this.data)) {
			files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a throw-away database under target/: the next clean removes what is left
		}
	}

}
