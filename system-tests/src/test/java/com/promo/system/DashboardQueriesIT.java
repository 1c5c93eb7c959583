package com.promo.system;

import java.io.BufferedWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.jayway.jsonpath.JsonPath;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.TestTokens;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every panel of the Grafana dashboards ({@code infra/grafana/dashboards}) evaluated against a real
 * Prometheus that scraped the running platform after a short load: claims through the gateway (some
 * sold out), a settled claim, prices with a fan price after a follow event, a small crowd snapshot
 * batch. An expression Prometheus cannot parse, or one that names a metric Prometheus does not hold,
 * fails the build (a renamed metric breaks this test, not the dashboard in production); so does a
 * panel that answers no series at all on a platform that just served the traffic it shows.
 * Counters that only move on faults answer their zero series: the services register them at start.
 */
class DashboardQueriesIT {

	static final Path ROOT = Path.of(System.getProperty("promo.root", "..")).toAbsolutePath().normalize();

	static final Path WORK = ROOT.resolve("system-tests/target/dashboard-check");

	static final ApiClient gateway = new ApiClient(RunningPlatform.baseUrl("gateway"));

	static final ApiClient crowdSync = new ApiClient(RunningPlatform.baseUrl("crowd-sync-service"));

	/** The claims of the load: more than the stock, so that some are sold out. */
	static final int STOCK = 20;

	static final int CLAIMS = 30;

	@Test
	void everyPanelQueryParsesAndNamesOnlyMetricsTheRunningPlatformExports() throws Exception {
		long started = System.nanoTime();
		List<GrafanaDashboards.Dashboard> dashboards = GrafanaDashboards.read(ROOT.resolve("infra/grafana/dashboards"));
		assertThat(dashboards).as("dashboards under infra/grafana/dashboards").isNotEmpty();
		LocalPrometheus.binary(); // fails first, with what to do, when there is none
		RunningPlatform.get();
		List<String> targets = RunningPlatform.SERVICES.entrySet()
			.stream()
			.map(service -> "127.0.0.1:" + (service.getKey().equals("gateway") ? RunningPlatform.PORT_BASE + 10 : service.getValue()))
			.toList();
		try (LocalPrometheus prometheus = LocalPrometheus.start(WORK, targets)) {
			long platformUp = System.nanoTime();
			long template = load();
			Instant loaded = Instant.now();
			await("every target scraped after the load").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.untilAsserted(() -> assertThat(prometheus.targets()).as("Prometheus's targets")
					.hasSize(targets.size())
					.allSatisfy(t -> {
						assertThat(t.health()).as("%s: %s", t.instance(), t.lastError()).isEqualTo("up");
						assertThat(t.lastScrape()).as(t.instance()).isAfter(loaded);
					}));
			await("the stock gauges of template " + template + " (a live template)").atMost(Duration.ofSeconds(90))
				.until(() -> !prometheus.query("promo_stock_remaining{template=\"" + template + "\"}").series().isEmpty());

			// some meters appear a while after their first use (Micrometer's Kafka binding looks for the
			// client's new per-partition metrics once a minute, per service: a metric name another service
			// already exports says nothing of this one's series): give every panel that long, then judge
			try {
				await("every panel answers a series").atMost(Duration.ofSeconds(75))
					.pollInterval(Duration.ofSeconds(2))
					.until(() -> check(prometheus, dashboards).failures().isEmpty());
			}
			catch (ConditionTimeoutException stillMissing) {
				// the check below names each failing panel
			}
			Files.write(WORK.resolve("metric-names.txt"), prometheus.metricNames());
			prometheus.writeSeries(WORK.resolve("series.txt"));
			Check check = check(prometheus, dashboards);
			List<String> failures = new ArrayList<>(check.failures());
			// the pool panels show every service with a database, the sharded ones' shard pools included
			List<String> pooled = prometheus.query("count by (application) (hikaricp_connections_max)")
				.series()
				.stream()
				.map(series -> series.get("application"))
				.toList();
			RunningPlatform.SERVICES.keySet()
				.stream()
				.filter(service -> !service.equals("gateway") && !pooled.contains(service))
				.forEach(service -> failures.add(service + " exports no Hikari pool (hikaricp_connections_max)"));
			System.out.println(check.table());
			System.out.printf("%d queries of %d dashboards; platform and Prometheus ready in %d s, load and checks in %d s; "
					+ "what Prometheus knows: %s%n", check.queries(), dashboards.size(), seconds(started, platformUp),
					seconds(platformUp, System.nanoTime()), WORK.resolve("series.txt"));
			assertThat(failures).as("dashboard queries against the live Prometheus (table above)").isEmpty();
		}
	}

	/** What every panel query answered: the failures, and a table of them all. */
	record Check(List<String> failures, String table, int queries) {
	}

	/**
	 * Every panel's expressions against Prometheus: a failure for one it refuses, one that names a
	 * metric it does not hold, and one that answers no series.
	 */
	private static Check check(LocalPrometheus prometheus, List<GrafanaDashboards.Dashboard> dashboards) {
		Set<String> known = prometheus.metricNames();
		List<String> failures = new ArrayList<>();
		StringBuilder table = new StringBuilder(String.format("%-70s %7s  %s%n", "panel", "series", "expression"));
		int count = 0;
		for (GrafanaDashboards.Dashboard dashboard : dashboards) {
			for (GrafanaDashboards.Query query : dashboard.queries()) {
				count++;
				String where = dashboard.title() + " / " + query.panel();
				LocalPrometheus.Answer answer = prometheus.query(query.promql());
				Set<String> unknown = new TreeSet<>(PromqlMetricNames.of(query.promql()));
				unknown.removeAll(known);
				table.append(String.format("%-70s %7s  %s%n", abbreviate(where, 70),
						answer.failed() ? "ERROR" : answer.series().size(), query.promql().replaceAll("\\s+", " ")));
				if (answer.failed()) {
					failures.add(where + ": Prometheus refused " + query.promql() + ": " + answer.error());
				}
				if (!unknown.isEmpty()) {
					failures.add(where + ": no such metric " + unknown + " in " + query.promql());
				}
				else if (!answer.failed() && answer.series().isEmpty()) {
					failures.add(where + ": no series for " + query.promql());
				}
			}
		}
		return new Check(failures, table.toString(), count);
	}

	/**
	 * The traffic the dashboards show: returns the template claimed (live until tomorrow).
	 */
	private static long load() throws Exception {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long template = ClaimInvariantsIT.openSale(STOCK, 1);
		long firstUser = random.nextLong(1_000_000_000L, 9_000_000_000L);
		String lastAccepted = null;
		long lastUser = 0;
		for (int i = 0; i < CLAIMS; i++) {
			HttpResponse<String> claim = gateway.post("/api/coupon-templates/" + template + "/claims",
					token(firstUser + i, "CONSUMER"), null, "Idempotency-Key", UUID.randomUUID().toString());
			assertThat(claim.statusCode()).as(claim.body()).isIn(201, 410);
			if (claim.statusCode() == 201) {
				lastAccepted = JsonPath.read(claim.body(), "$.claimId");
				lastUser = firstUser + i;
			}
		}
		assertThat(lastAccepted).as("an accepted claim").isNotNull();
		String claimId = lastAccepted;
		String owner = token(lastUser, "CONSUMER");
		await("claim " + claimId + " settled by the wallet").atMost(Duration.ofSeconds(30))
			.until(() -> "ISSUED".equals(JsonPath.read(gateway.get("/api/claims/" + claimId, owner).body(), "$.status")));

		long seller = random.nextLong(1_000_000_000L, 9_000_000_000L);
		long item = random.nextLong(1_000_000_000_000L, 9_000_000_000_000L);
		long fan = random.nextLong(1_000_000_000L, 9_000_000_000L);
		String merchant = token(seller, "MERCHANT");
		HttpResponse<String> listed = gateway.put("/merchant/items/" + item, merchant,
				"{\"title\":\"Loft\",\"cityId\":\"310000\",\"listPrice\":300000,\"priceUnit\":\"MONTHLY\",\"deposit\":50000}");
		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
		HttpResponse<String> fanPrice = gateway.put("/merchant/items/" + item + "/fan-prices/ALL_FANS", merchant,
				"{\"price\":270000}");
		assertThat(fanPrice.statusCode()).as(fanPrice.body()).isEqualTo(200);
		HttpResponse<String> follow = crowdSync.post("/internal/events/follow", token(0, "SERVICE"),
				"{\"eventId\":\"%s\",\"type\":\"FOLLOW\",\"userId\":\"%d\",\"sellerId\":\"%d\",\"occurredAt\":\"%s\"}"
					.formatted(UUID.randomUUID(), fan, seller, Instant.now()));
		assertThat(follow.statusCode()).as(follow.body()).isEqualTo(202);
		String fanToken = token(fan, "CONSUMER");
		await("the fan price after the follow event").atMost(Duration.ofSeconds(30))
			.until(() -> ((Number) JsonPath.read(gateway.get("/api/prices?itemIds=" + item, fanToken).body(),
					"$.items[0].price")).longValue() == 270000);
		for (int i = 0; i < 10; i++) {
			assertThat(gateway.get("/api/prices?itemIds=" + item, i % 2 == 0 ? fanToken : null).statusCode()).isEqualTo(200);
		}

		Path snapshot = Files.createTempFile("dashboard-snapshot-", ".csv");
		Instant snapshotTime = Instant.now().minusSeconds(60);
		try (BufferedWriter out = Files.newBufferedWriter(snapshot)) {
			for (int i = 0; i < 200; i++) {
				out.write((fan + 1 + i) + "," + seller + "," + snapshotTime.minusSeconds(86_400L + i) + "\n");
			}
		}
		String ops = token(1, "OPS");
		HttpResponse<String> batch = crowdSync.post("/ops/crowd-sync/batches", ops,
				"{\"snapshotPath\":\"" + snapshot + "\",\"snapshotTime\":\"" + snapshotTime + "\"}");
		assertThat(batch.statusCode()).as(batch.body()).isEqualTo(202);
		String report = "/ops/crowd-sync/batches/" + JsonPath.read(batch.body(), "$.id");
		await("the crowd batch completed").atMost(Duration.ofSeconds(60))
			.until(() -> "COMPLETED".equals(JsonPath.read(crowdSync.get(report, ops).body(), "$.status")));
		return template;
	}

	private static String token(long subject, String role) {
		return TestTokens.sign(RunningPlatform.JWT_SECRET, String.valueOf(subject), Instant.now().plusSeconds(600), role);
	}

	private static long seconds(long from, long to) {
		return Duration.ofNanos(to - from).toSeconds();
	}

	private static String abbreviate(String text, int length) {
		return text.length() <= length ? text : text.substring(0, length - 1) + "…";
	}

}
