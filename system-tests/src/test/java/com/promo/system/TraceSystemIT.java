package com.promo.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import com.promo.testsupport.ApiClient;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One claim followed by its trace id from the gateway into the wallet's settlement, in the
 * services' own log files: the client sends a sampled W3C {@code traceparent} with a trace id of
 * its own; claim-service logs the claim in that trace (the gateway continued it), coupon-service
 * logs the claim's settlement in it (the claim event carried it through Kafka to the batch
 * consumer), and claim-service's ledger logs the settlement in it too (the settlement event
 * carried it back). A claim of the frozen last units goes claim-service → coupon-service over HTTP:
 * the trace and the gateway's {@code X-Request-Id} reach the wallet's log through the RestClient.
 * <p>
 * The services keep their 10 % sampling: the caller's sampled flag decides for its trace. The
 * per-claim lines are DEBUG, raised for the test through {@code /actuator/loggers} (OPS) and set
 * back afterwards, so a `./promo up` platform is followed the same way.
 */
class TraceSystemIT {

	static final ApiClient gateway = new ApiClient(RunningPlatform.baseUrl("gateway"));

	static final ApiClient activities = new ApiClient(RunningPlatform.baseUrl("activity-service"));

	static final ApiClient coupons = new ApiClient(RunningPlatform.baseUrl("coupon-service"));

	static final ApiClient claims = new ApiClient(RunningPlatform.baseUrl("claim-service"));

	/** The loggers of the per-claim lines, by the service that has them. */
	static final List<String[]> CLAIM_LOGGERS = List.of(
			new String[] { "claim-service", "com.promo.claim.claim.ClaimService" },
			new String[] { "claim-service", "com.promo.claim.claim.ClaimLedgerListener" },
			new String[] { "coupon-service", "com.promo.coupon.wallet.ClaimEventsListener" },
			new String[] { "coupon-service", "com.promo.coupon.wallet.SettlementController" });

	static RunningPlatform platform;

	@BeforeAll
	static void followClaimsInTheLogs() throws Exception {
		platform = RunningPlatform.get();
		for (String[] logger : CLAIM_LOGGERS) {
			setLevel(logger[0], logger[1], "\"DEBUG\"");
		}
	}

	@AfterAll
	static void quietAgain() {
		for (String[] logger : CLAIM_LOGGERS) {
			setLevel(logger[0], logger[1], "null");
		}
	}

	static void setLevel(String service, String logger, String level) {
		HttpResponse<String> response = new ApiClient(RunningPlatform.baseUrl(service))
			.post("/actuator/loggers/" + logger, token(1, "OPS"), "{\"configuredLevel\":" + level + "}");
		assertThat(response.statusCode()).as("%s's logger %s: %s", service, logger, response.body()).isEqualTo(204);
	}

	record TracedClaim(String claimId, String requestId) {
	}

	/** A new user's claim through the gateway in trace {@code traceId} (sampled): 201, its ids. */
	static TracedClaim claimThroughTheGateway(long template, String traceId) {
		long user = ThreadLocalRandom.current().nextLong(10_000_000, 90_000_000);
		HttpResponse<String> claimed = gateway.post("/api/coupon-templates/" + template + "/claims",
				token(user, "CONSUMER"), null, "traceparent", "00-" + traceId + "-" + hex(16) + "-01");
		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(201);
		return new TracedClaim(json(claimed, "$.claimId"), claimed.headers().firstValue("X-Request-Id").orElseThrow());
	}

	static String token(long subject, String role) {
		return TestTokens.sign(RunningPlatform.JWT_SECRET, String.valueOf(subject), Instant.now().plusSeconds(600), role);
	}

	@Test
	void aClaimsTraceIdGoesFromTheGatewayIntoTheWalletsSettlementLogAndBack() {
		String traceId = hex(32);
		TracedClaim claim = claimThroughTheGateway(openSale(100), traceId);
		String claimId = claim.claimId();
		String requestId = claim.requestId();
		await("claim " + claimId + " in each log with trace " + traceId).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				// the claim's handling, in the request the gateway passed on (its X-Request-Id too)
				assertThat(linesWith("claim-service", traceId, "claim " + claimId + " accepted"))
					.anySatisfy(line -> assertThat(line).contains(requestId));
				// the wallet's settlement of it, in the batch consumer
				assertThat(linesWith("coupon-service", traceId, "claim " + claimId + " settled ISSUED")).isNotEmpty();
				// and the settlement back in claim-service's ledger
				assertThat(linesWith("claim-service", traceId, "claim " + claimId + " to the ledger as ISSUED"))
					.isNotEmpty();
			});
	}

	@Test
	void aFrozenUnitsSynchronousSettlementIsLoggedByTheWalletInTheClaimsTraceAndRequest() {
		// 5 units, below the freeze threshold (10): claim-service asks the wallet over HTTP before it answers
		String traceId = hex(32);
		TracedClaim claim = claimThroughTheGateway(openSale(5), traceId);
		String claimId = claim.claimId();
		String requestId = claim.requestId();
		await("claim " + claimId + " in the wallet's log with trace " + traceId).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				assertThat(linesWith("coupon-service", traceId, "claim " + claimId + " settled ISSUED synchronously"))
					.anySatisfy(line -> assertThat(line).contains(requestId));
				assertThat(linesWith("claim-service", traceId, "claim " + claimId + " settled ISSUED synchronously"))
					.anySatisfy(line -> assertThat(line).contains(requestId));
			});
	}

	/** The lines of the service's log that carry the trace id and the text. */
	static List<String> linesWith(String service, String traceId, String text) {
		Path log = platform.logOf(service);
		try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
			return lines.filter(line -> line.contains(text) && line.contains(traceId)).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + log, ex);
		}
	}

	/** An enabled template of a running COUPON activity with that stock, known to claim-service. */
	static long openSale(int stock) {
		Instant now = Instant.now();
		Instant running = now.plusSeconds(10);
		String ops = token(1, "OPS");
		HttpResponse<String> activity = activities.post("/ops/activities", ops, """
				{"title":"Traced","kind":"COUPON","cityIds":["310000"],"couponTypes":["AMOUNT_OFF"],
				 "valueLowerLimit":100,"valueUpperLimit":50000,"applyStartTime":"%s","applyEndTime":"%s",
				 "activityStartTime":"%s","activityEndTime":"%s"}""".formatted(now.minusSeconds(5), running, running,
				now.plus(Duration.ofDays(1))));
		assertThat(activity.statusCode()).as(activity.body()).isEqualTo(201);
		String activityId = json(activity, "$.id");
		activities.post("/ops/activities/" + activityId + "/publish", ops, null);

		String merchant = token(ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000), "MERCHANT");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> coupons.post("/merchant/activities/" + activityId + "/signups", merchant, null).statusCode() == 201);
		HttpResponse<String> template = coupons.post("/merchant/coupon-templates", merchant, """
				{"activityId":"%s","cityId":"310000","type":"AMOUNT_OFF","title":"1000 off","amountOff":1000,
				 "totalStock":%d,"perUserLimit":1,"validity":{"type":"FLOATING","days":30}}""".formatted(activityId, stock));
		assertThat(template.statusCode()).as(template.body()).isEqualTo(201);
		long templateId = Long.parseLong(json(template, "$.id"));
		assertThat(coupons.post("/merchant/coupon-templates/" + templateId + "/enable", merchant, null).statusCode())
			.isEqualTo(200);
		await("claim-service knows template " + templateId).atMost(Duration.ofSeconds(60))
			.until(() -> claims.get("/ops/coupon-templates/" + templateId + "/stock", ops).statusCode() == 200);
		await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(running.plusMillis(200)));
		return templateId;
	}

	static String hex(int digits) {
		StringBuilder hex = new StringBuilder();
		while (hex.length() < digits) {
			hex.append(Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
		}
		return hex.substring(0, digits);
	}

}
