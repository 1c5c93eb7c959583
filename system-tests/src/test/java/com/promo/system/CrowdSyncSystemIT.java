package com.promo.system;

import java.io.BufferedWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import com.jayway.jsonpath.JsonPath;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * crowd-sync-service killed with SIGKILL in the middle of a snapshot load: restarted, it finds the
 * batch its dead process left marked running, resumes it from the last committed chunk, and
 * every row is counted once. The test runs a crowd-sync process of its own (its own port and
 * databases, stale-batch checks within seconds) whatever platform runs: the platform's process,
 * this run's or ./promo up's, is neither needed nor disturbed.
 */
class CrowdSyncSystemIT {

	static final String OPS = TestTokens.sign(RunningPlatform.JWT_SECRET, "1", Instant.now().plusSeconds(3600), "OPS");

	static final String SERVICE = TestTokens.sign(RunningPlatform.JWT_SECRET, "1", Instant.now().plusSeconds(3600),
			"SERVICE");

	@Test
	void aSnapshotLoadInterruptedByAKilledProcessResumesAndCountsEveryRowOnce() throws Exception {
		try (RunningPlatform.OwnInstance crowdSync = RunningPlatform.get()
			.startOwn("crowd-sync-service", "--promo.crowd.batch-stale-after=5s", "--promo.crowd.batch-resume-check=2s")) {
			loadKillAndResume(crowdSync);
		}
	}

	private static void loadKillAndResume(RunningPlatform.OwnInstance crowdSync) throws Exception {
		String crowd = crowdSync.baseUrl();
		int rows = 400_000;
		long firstUser = 20_000_000_000L + ThreadLocalRandom.current().nextLong(1, 1_000_000) * 1_000_000L;
		Instant snapshotTime = Instant.now().minusSeconds(60);
		Path snapshot = Files.createTempFile("system-snapshot-", ".csv");
		try (BufferedWriter out = Files.newBufferedWriter(snapshot)) {
			for (int i = 0; i < rows; i++) {
				// users in order, 8 sellers each, as a warehouse export would be
				out.write((firstUser + i / 8) + "," + (700_000 + i % 8) + "," + snapshotTime.minusSeconds(86_400L + i) + "\n");
			}
		}

		HttpResponse<String> started = send("POST", crowd + "/ops/crowd-sync/batches", OPS,
				"{\"snapshotPath\":\"" + snapshot + "\",\"snapshotTime\":\"" + snapshotTime + "\"}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		String id = JsonPath.read(started.body(), "$.id");
		String report = crowd + "/ops/crowd-sync/batches/" + id;
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
			.until(() -> count(send("GET", report, OPS, null).body(), "rowsRead") >= 60_000);

		crowdSync.kill9();
		crowdSync.restart();

		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
			.until(() -> "COMPLETED".equals(JsonPath.read(send("GET", report, OPS, null).body(), "$.status")));
		String done = send("GET", report, OPS, null).body();
		assertThat(count(done, "rowsRead")).as(done).isEqualTo(rows);
		assertThat(count(done, "rowsSkipped")).as(done).isZero();
		assertThat(count(done, "rowsApplied") + count(done, "rowsSuperseded")).as(done).isEqualTo(rows);
		assertThat(count(done, "missedFollows")).as(done).isEqualTo(rows);
		for (long user : new long[] { firstUser, firstUser + rows / 16, firstUser + rows / 8 - 1 }) {
			String crowds = send("GET", crowd + "/internal/users/" + user + "/crowds?candidates=700000_all_fans,700007_all_fans",
					SERVICE, null).body();
			assertThat(crowds).contains("700000_all_fans", "700007_all_fans");
			String strong = send("GET", crowd + "/internal/crowds/700003_all_fans/members/" + user + "?consistency=strong",
					SERVICE, null).body();
			assertThat(strong).contains("\"member\":true");
		}
	}

	private static long count(String report, String field) {
		return ((Number) JsonPath.read(report, "$." + field)).longValue();
	}

	/** Requests to absolute URLs (crowd-sync's own port: /internal is not routed by the gateway). */
	private static HttpResponse<String> send(String method, String url, String token, String json) {
		return new ApiClient("").send(method, url, token, json);
	}

}
