package com.promo.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The soak's mixed traffic (bench/soak.sh): 60 % price queries, 25 % claims, 10 % quotes through
 * the gateway, 5 % follow events on crowd-sync's HTTP ingest (the gateway never routes
 * {@code /internal/**}). Two modes, one request per arrival in both:
 * <ul>
 * <li>{@code probe}: a closed model of {@code bench.users} concurrent users for
 * {@code bench.seconds}; the achieved rate after {@code bench.warmupSeconds} is the mix's maximum;</li>
 * <li>{@code soak}: an open model of {@code bench.rate} arrivals/s for {@code bench.seconds}.</li>
 * </ul>
 * Every answer is recorded per kind and minute ({@link MinuteStats}): counts by status, latency
 * percentiles; {@code bench.out} receives them when the run ends. Other settings:
 * {@code bench.baseUrl} (the gateway), {@code bench.crowdSyncUrl}, {@code bench.template} (claimed),
 * {@code bench.tokens} (CSV: {@code token,userId}), {@code bench.serviceToken}, {@code bench.items}
 * (item ids, comma-separated), {@code bench.sellers} (seller ids the follow events name) and
 * {@code bench.markers} (when the load began and ended, epoch ms).
 */
public class SoakSimulation extends Simulation {

	private final String mode = System.getProperty("bench.mode", "soak");

	private final String baseUrl = System.getProperty("bench.baseUrl", "http://127.0.0.1:8080");

	private final String crowdSyncUrl = System.getProperty("bench.crowdSyncUrl", "http://127.0.0.1:8084");

	private final String template = required("bench.template");

	private final FeederBuilder<String> consumers = csv(required("bench.tokens")).random();

	private final String serviceToken = required("bench.serviceToken");

	private final List<String> items = Arrays.asList(required("bench.items").split(","));

	private final List<String> sellers = Arrays.asList(required("bench.sellers").split(","));

	private final int seconds = Integer.parseInt(System.getProperty("bench.seconds", "600"));

	private final int warmupSeconds = Integer.parseInt(System.getProperty("bench.warmupSeconds", "0"));

	private final MinuteStats stats = new MinuteStats();

	private final HttpProtocolBuilder protocol = http.baseUrl(this.baseUrl)
		// one pool of kept-alive connections for all virtual users, as a client fleet behind a balancer
		.shareConnections();

	private final ScenarioBuilder mix = scenario("soak mix").feed(this.consumers)
		.randomSwitch()
		.on(percent(60.0).then(recorded("prices", http("prices").get(session -> "/api/prices?itemIds=" + randomItems(20))
			.header("Authorization", "Bearer #{token}"))),
				percent(25.0).then(recorded("claims", http("claims").post("/api/coupon-templates/" + this.template + "/claims")
					.header("Authorization", "Bearer #{token}"))),
				percent(10.0).then(recorded("quotes", http("quotes").post("/api/quotes")
					.header("Authorization", "Bearer #{token}")
					.body(StringBody(session -> quoteBody()))
					.asJson())),
				percent(5.0).then(recorded("follows", http("follows").post(this.crowdSyncUrl + "/internal/events/follow")
					.header("Authorization", "Bearer " + this.serviceToken)
					.body(StringBody(this::followBody))
					.asJson())));

	private long startMs;

	{
		PopulationBuilder population = switch (this.mode) {
			case "probe" -> this.mix.injectClosed(
					constantConcurrentUsers(Integer.parseInt(System.getProperty("bench.users", "32"))).during(this.seconds));
			case "soak" -> this.mix.injectOpen(
					constantUsersPerSec(Double.parseDouble(required("bench.rate"))).during(this.seconds));
			default -> throw new IllegalArgumentException("bench.mode: probe or soak, not " + this.mode);
		};
		setUp(population).protocols(this.protocol);
	}

	/**
	 * The request, its status and response time saved (checks that every answer passes: each status
	 * is counted), then recorded; the last check makes a 4xx or 5xx a KO in Gatling's own report.
	 */
	private ChainBuilder recorded(String kind, HttpRequestActionBuilder request) {
		return exec(session -> session.set("sentAt", System.currentTimeMillis()))
			.exec(request.check(status().not(0).saveAs("status"), responseTimeInMillis().gte(0).saveAs("rt"),
					status().in(200, 201, 202)))
			.exec(session -> {
				record(kind, session);
				return session.remove("status").remove("rt");
			});
	}

	private void record(String kind, Session session) {
		long now = System.currentTimeMillis();
		// no status: no answer (connection refused, reset, timed out), recorded as status 0
		int status = session.contains("status") ? session.getInt("status") : 0;
		long millis = session.contains("rt") ? session.getInt("rt") : now - session.getLong("sentAt");
		long elapsed = now - this.startMs;
		// an answer to the last arrivals can come after the last second: it belongs to the last minute
		int minute = (int) Math.min(elapsed / 60_000, Math.max(0, (this.seconds - 1) / 60)) + 1;
		this.stats.record(kind, minute, status, millis, elapsed >= this.warmupSeconds * 1000L);
	}

	private String randomItems(int count) {
		StringJoiner ids = new StringJoiner(",");
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < count; i++) {
			ids.add(this.items.get(random.nextInt(this.items.size())));
		}
		return ids.toString();
	}

	private String quoteBody() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int first = random.nextInt(this.items.size() - 2);
		StringJoiner lines = new StringJoiner(",");
		for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
			lines.add("{\"itemId\":\"" + this.items.get(first + i) + "\",\"quantity\":1}");
		}
		return "{\"items\":[" + lines + "],\"couponId\":null,\"leaseMonths\":12}";
	}

	/** A follow (four in five) or an unfollow of one of the sellers by the arriving consumer. */
	private String followBody(Session session) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "{\"eventId\":\"soak-" + UUID.randomUUID() + "\",\"type\":\"" + (random.nextInt(5) == 0 ? "UNFOLLOW" : "FOLLOW")
				+ "\",\"userId\":\"" + session.getString("userId") + "\",\"sellerId\":\""
				+ this.sellers.get(random.nextInt(this.sellers.size())) + "\",\"occurredAt\":\"" + Instant.now() + "\"}";
	}

	@Override
	public void before() {
		this.startMs = System.currentTimeMillis();
		mark("start " + this.startMs);
	}

	@Override
	public void after() {
		long endMs = System.currentTimeMillis();
		mark("end " + endMs);
		String out = required("bench.out");
		try {
			Files.writeString(Path.of(out), this.stats.report(this.startMs, endMs, this.warmupSeconds));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void mark(String line) {
		String markers = System.getProperty("bench.markers");
		if (markers == null) {
			return;
		}
		try {
			Files.writeString(Path.of(markers), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String required(String property) {
		String value = System.getProperty(property);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(property + " must be set (bench/soak.sh sets it)");
		}
		return value;
	}

}
