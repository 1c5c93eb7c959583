package com.promo.claim;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.claim.claim.ClaimStore;
import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.Topic;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.claim.ClaimSettled;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.Deduction;
import com.promo.contracts.coupon.TemplateChanged;
import com.promo.contracts.coupon.TemplateSnapshot;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.contracts.coupon.Validity;
import com.promo.crowd.reader.CrowdKeys;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestTokens;
import com.promo.testsupport.TopicRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * claim-service on its own (the wallet is not running: claims stay pending), on the real Redis
 * Cluster, Kafka and database; templates arrive as coupon-service's events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "promo.claim.freeze-threshold=0", "promo.claim.reconcile-interval=1h" })
class ClaimApiIT {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.database(registry, "it_claim_api");
		String group = "it-claim-" + UUID.randomUUID();
		registry.add("spring.kafka.consumer.group-id", () -> group);
	}

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	ClaimStore store;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	ApiClient api() {
		return ApiClient.local(this.port);
	}

	static String consumer(long userId) {
		return TestTokens.token(String.valueOf(userId), "CONSUMER");
	}

	/** An ENABLED template whose activity runs now, published as coupon-service would, and warmed. */
	long enabledTemplate(int stock, int perUserLimit, Audience audience) {
		return enabledTemplate(stock, perUserLimit, audience, ActivityKind.COUPON, false);
	}

	/**
	 * @param asVersion1 published as the version 1 event coupon-service sent before activity kinds
	 * (no {@code activityKind} in the snapshot)
	 */
	long enabledTemplate(int stock, int perUserLimit, Audience audience, ActivityKind kind, boolean asVersion1) {
		long id = TsidCreator.getTsid().toLong();
		Instant now = Instant.now();
		TemplateSnapshot snapshot = new TemplateSnapshot(String.valueOf(id), "1", "77", "310000", CouponType.AMOUNT_OFF,
				"t", 1000L, null, null, null, null, 0, Deduction.FIRST_MONTH, stock, perUserLimit, Validity.floating(7),
				audience, TemplateStatus.ENABLED, 1, now.minusSeconds(60), now.plus(Duration.ofDays(1)), kind);
		TemplateChanged event = new TemplateChanged(UUID.randomUUID().toString(), snapshot, now);
		EventEnvelope envelope = event.toEnvelope();
		if (asVersion1) {
			ObjectNode payload = (ObjectNode) envelope.payload();
			((ObjectNode) payload.get("template")).remove("activityKind");
			envelope = new EventEnvelope(envelope.eventId(), envelope.type(), 1, envelope.occurredAt(), envelope.key(),
					payload);
		}
		try {
			this.kafka.send(Topic.COUPON_TEMPLATE_EVENTS.wireName(), event.key(), EventCodec.encode(envelope))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.exists(id));
		return id;
	}

	HttpResponse<String> claim(long templateId, long userId, String key) {
		return key == null ? api().post("/api/coupon-templates/" + templateId + "/claims", consumer(userId), null)
				: api().post("/api/coupon-templates/" + templateId + "/claims", consumer(userId), null, "Idempotency-Key",
						key);
	}

	@Test
	void anAcceptedClaimIsHandedToKafkaBeforeThe201AndVisibleAsAccepted() {
		long template = enabledTemplate(10, 1, Audience.all());
		long user = 5001;

		HttpResponse<String> accepted = claim(template, user, null);

		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
		String claimId = json(accepted, "$.claimId");
		assertThat((String) json(accepted, "$.status")).isEqualTo("ACCEPTED");
		assertThat((String) json(accepted, "$.userId")).isEqualTo(String.valueOf(user));
		try (TopicRecorder recorder = new TopicRecorder(Topic.CLAIM_EVENTS.wireName())) {
			List<EventEnvelope> events = recorder.await(e -> e.payload().get("claimId").asString().equals(claimId),
					seen -> !seen.isEmpty(), Duration.ofSeconds(20));
			assertThat(events).singleElement().satisfies(e -> {
				assertThat(e.type()).isEqualTo("ClaimAccepted");
				assertThat(e.key()).isEqualTo(String.valueOf(user));
			});
		}
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat((String) json(api().get("/api/claims/" + claimId, consumer(user)), "$.status"))
				.isEqualTo("ACCEPTED"));
		assertThat(api().get("/api/claims/" + claimId, consumer(user + 1)).statusCode()).as("someone else's claim")
			.isEqualTo(404);
		assertThat(this.store.remaining(template)).isEqualTo(9);
		assertThat(this.store.pendingCount(template)).isEqualTo(1);
	}

	@Test
	void limitsStockAndAudienceRefuseWithTheirCodes() {
		long template = enabledTemplate(2, 1, Audience.all());
		assertThat(claim(template, 1, null).statusCode()).isEqualTo(201);
		HttpResponse<String> again = claim(template, 1, null);
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("\"code\":\"LIMIT_REACHED\"");
		assertThat(claim(template, 2, null).statusCode()).isEqualTo(201);
		HttpResponse<String> soldOut = claim(template, 3, null);
		assertThat(soldOut.statusCode()).isEqualTo(410);
		assertThat(soldOut.body()).contains("\"code\":\"SOLD_OUT\"");

		long crowdTemplate = enabledTemplate(5, 1, new Audience(Audience.Type.CROWD, "77_all_fans"));
		HttpResponse<String> outsider = claim(crowdTemplate, 10, null);
		assertThat(outsider.statusCode()).isEqualTo(422);
		assertThat(outsider.body()).contains("\"code\":\"NOT_CLAIMABLE\"");
		this.redis.opsForHash().put(CrowdKeys.memberships("11"), "77_all_fans",
				Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()));
		this.redis.opsForHash().put(CrowdKeys.memberships("12"), "77_all_fans",
				Long.toString(Instant.now().minusSeconds(1).getEpochSecond()));
		assertThat(claim(crowdTemplate, 11, null).statusCode()).as("a fan").isEqualTo(201);
		assertThat(claim(crowdTemplate, 12, null).statusCode()).as("an expired membership").isEqualTo(422);
	}

	@Test
	void concurrentDuplicatesWithOneKeyMakeOneClaimAndRepeatsReplayTheFirstAnswer() throws Exception {
		long template = enabledTemplate(100, 5, Audience.all());
		String key = UUID.randomUUID().toString();
		int callers = 30;
		CyclicBarrier start = new CyclicBarrier(callers);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
			for (int i = 0; i < callers; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return claim(template, 42, key);
				}));
			}
			Set<String> claimIds = new java.util.HashSet<>();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get();
				assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
				claimIds.add(json(response, "$.claimId"));
			}
			assertThat(claimIds).hasSize(1);
		}
		assertThat(this.store.remaining(template)).isEqualTo(99);
		assertThat(claim(template, 42, key).statusCode()).isEqualTo(201);

		HttpResponse<String> otherTemplate = api().post("/api/coupon-templates/" + enabledTemplate(5, 1, Audience.all())
				+ "/claims", consumer(42), null, "Idempotency-Key", key);
		assertThat(otherTemplate.statusCode()).as("the key reused on another template").isEqualTo(409);
		assertThat(otherTemplate.body()).contains("\"code\":\"CONFLICT\"");

		long small = enabledTemplate(1, 1, Audience.all());
		claim(small, 1, null);
		String refusedKey = UUID.randomUUID().toString();
		assertThat(claim(small, 43, refusedKey).statusCode()).isEqualTo(410);
		assertThat(claim(small, 43, refusedKey).statusCode()).as("a refusal replays too").isEqualTo(410);
	}

	@Test
	void aKeyedRetryReplaysItsAcceptanceEvenAfterTheTemplateSoldOut() {
		long template = enabledTemplate(2, 1, Audience.all());
		String key = UUID.randomUUID().toString();
		HttpResponse<String> first = claim(template, 61, key);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		assertThat(claim(template, 62, null).statusCode()).isEqualTo(201);
		assertThat(claim(template, 63, null).statusCode()).as("sold out, and remembered in memory").isEqualTo(410);

		HttpResponse<String> retry = claim(template, 61, key);

		assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
		assertThat((String) json(retry, "$.claimId")).isEqualTo(json(first, "$.claimId"));
		assertThat((String) json(retry, "$.claimedAt")).isEqualTo(json(first, "$.claimedAt"));
		assertThat(this.store.remaining(template)).isZero();
	}

	@Test
	void aRetryAfterACrashBetweenReservationAndHandOffNeverReservesTwice() {
		long template = enabledTemplate(10, 5, Audience.all());
		String key = UUID.randomUUID().toString();
		String claimId = TsidCreator.getTsid().toString();
		long claimedAt = Instant.now().minusSeconds(120).toEpochMilli();
		// what claim.lua leaves behind when the process dies before Kafka acknowledged the claim
		String tag = "{t:" + template + "}";
		this.redis.opsForValue().decrement(tag + ":stock");
		this.redis.opsForHash().increment(tag + ":users", "71", 1);
		this.redis.opsForZSet().add(tag + ":pending", claimId, claimedAt);
		this.redis.opsForHash().put(tag + ":claims", claimId, "71");
		this.redis.opsForHash().put(tag + ":idem", "71:" + key, "RESERVED " + claimId);
		this.redis.opsForValue().set("{u:71}:idem:" + key, String.valueOf(template));

		HttpResponse<String> retry = claim(template, 71, key);

		assertThat(retry.statusCode()).as(retry.body()).isEqualTo(201);
		assertThat((String) json(retry, "$.claimId")).as("the reservation the crashed request made").isEqualTo(claimId);
		assertThat(Instant.parse(json(retry, "$.claimedAt")).toEpochMilli()).isEqualTo(claimedAt);
		assertThat(this.store.remaining(template)).as("nothing reserved a second time").isEqualTo(9);
		assertThat(this.store.pendingCount(template)).isEqualTo(1);
	}

	@Test
	void aKeyIsBoundToItsFirstTemplateWhateverItsAnswerWas() throws Exception {
		long soldOut = enabledTemplate(1, 1, Audience.all());
		claim(soldOut, 80, null);
		String key = UUID.randomUUID().toString();
		assertThat(claim(soldOut, 81, key).statusCode()).isEqualTo(410);
		long other = enabledTemplate(5, 1, Audience.all());
		HttpResponse<String> reused = claim(other, 81, key);
		assertThat(reused.statusCode()).as(reused.body()).isEqualTo(409);
		assertThat((String) json(reused, "$.code")).isEqualTo("CONFLICT");
		assertThat(this.store.remaining(other)).as("nothing taken by the reused key").isEqualTo(5);
		assertThat(claim(other, 82, key).statusCode()).as("keys are scoped to the caller").isEqualTo(201);

		// the same fresh key raced on two templates: one template takes it, the other answers CONFLICT
		long a = enabledTemplate(50, 50, Audience.all());
		long b = enabledTemplate(50, 50, Audience.all());
		String raced = UUID.randomUUID().toString();
		int callers = 20;
		CyclicBarrier start = new CyclicBarrier(callers);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
			for (int i = 0; i < callers; i++) {
				long template = i % 2 == 0 ? a : b;
				answers.add(pool.submit(() -> {
					start.await();
					return claim(template, 83, raced);
				}));
			}
			Set<String> claimIds = new java.util.HashSet<>();
			int conflicts = 0;
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get();
				if (response.statusCode() == 409) {
					assertThat(response.body()).contains("\"code\":\"CONFLICT\"");
					conflicts++;
				}
				else {
					assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
					claimIds.add(json(response, "$.claimId"));
				}
			}
			assertThat(claimIds).hasSize(1);
			assertThat(conflicts).isEqualTo(callers / 2);
		}
		assertThat(this.store.remaining(a) + this.store.remaining(b)).as("one unit taken in all").isEqualTo(99);
	}

	@Test
	void aFlashSaleTemplateIsNotClaimableAsACoupon() {
		long flashSale = enabledTemplate(10, 1, Audience.all(), ActivityKind.FLASH_SALE, false);

		HttpResponse<String> refused = claim(flashSale, 91, null);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		assertThat((String) json(refused, "$.code")).isEqualTo("NOT_CLAIMABLE");
		assertThat(claim(flashSale, 91, UUID.randomUUID().toString()).statusCode()).as("with a key too").isEqualTo(422);
		assertThat(this.store.remaining(flashSale)).as("nothing taken").isEqualTo(10);
		assertThat(this.jdbc.queryForObject("SELECT activity_kind FROM template_state WHERE template_id = ?",
				String.class, flashSale)).isEqualTo("FLASH_SALE");
	}

	@Test
	void aVersion1TemplateEventWithoutTheActivityKindIsAnOrdinaryCoupon() {
		long template = enabledTemplate(10, 1, Audience.all(), ActivityKind.COUPON, true);

		assertThat(claim(template, 92, null).statusCode()).isEqualTo(201);
		assertThat(this.jdbc.queryForObject("SELECT activity_kind FROM template_state WHERE template_id = ?",
				String.class, template)).isEqualTo("COUPON");
	}

	@Test
	void operationsSeeATemplatesClaimsByOutcomeWithTheRejectionCodes() throws Exception {
		long template = enabledTemplate(10, 5, Audience.all());
		String issued = json(claim(template, 81, null), "$.claimId");
		String soldOut = json(claim(template, 82, null), "$.claimId");
		String limited = json(claim(template, 83, null), "$.claimId");
		json(claim(template, 84, null), "$.claimId"); // stays ACCEPTED: no settlement comes
		String topic = Topic.COUPON_ISSUED_EVENTS.wireName();
		Instant now = Instant.now();
		for (ClaimSettled settled : List.of(
				new ClaimSettled(UUID.randomUUID().toString(), issued, String.valueOf(template), "81",
						ClaimSettled.Outcome.ISSUED, "7101", null, now),
				new ClaimSettled(UUID.randomUUID().toString(), soldOut, String.valueOf(template), "82",
						ClaimSettled.Outcome.REJECTED, null, "SOLD_OUT", now),
				new ClaimSettled(UUID.randomUUID().toString(), limited, String.valueOf(template), "83",
						ClaimSettled.Outcome.REJECTED, null, "LIMIT_REACHED", now))) {
			this.kafka.send(topic, settled.key(), EventCodec.encode(settled.toEnvelope())).get(10, TimeUnit.SECONDS);
		}
		String ops = TestTokens.token("1", "OPS");
		String path = "/ops/coupon-templates/" + template + "/claims/summary";

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat((Integer) json(api().get(path, ops), "$.rejected")).isEqualTo(2));
		HttpResponse<String> summary = api().get(path, ops);
		assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
		assertThat((String) json(summary, "$.templateId")).isEqualTo(String.valueOf(template));
		assertThat((Integer) json(summary, "$.accepted")).isEqualTo(1);
		assertThat((Integer) json(summary, "$.issued")).isEqualTo(1);
		assertThat((Integer) json(summary, "$.rejectedByCode.SOLD_OUT")).isEqualTo(1);
		assertThat((Integer) json(summary, "$.rejectedByCode.LIMIT_REACHED")).isEqualTo(1);

		HttpResponse<String> unknown = api().get("/ops/coupon-templates/" + TsidCreator.getTsid().toLong()
				+ "/claims/summary", ops);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat((String) json(unknown, "$.code")).isEqualTo("NOT_FOUND");
		assertThat(api().get(path, consumer(81)).statusCode()).isEqualTo(403);
	}

	@Test
	void settlementsLandInBatchesPastAnUnreadableRecordAndEvenBeforeTheirAcceptance() throws Exception {
		long template = enabledTemplate(10, 5, Audience.all());
		String issued = json(claim(template, 95, null), "$.claimId");
		String rejected = json(claim(template, 96, null), "$.claimId");
		String early = TsidCreator.getTsid().toString();
		String topic = Topic.COUPON_ISSUED_EVENTS.wireName();
		Instant now = Instant.now();
		this.kafka.send(topic, "95", "not an envelope".getBytes(java.nio.charset.StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
		for (ClaimSettled settled : List.of(
				new ClaimSettled(UUID.randomUUID().toString(), issued, String.valueOf(template), "95",
						ClaimSettled.Outcome.ISSUED, "7001", null, now),
				new ClaimSettled(UUID.randomUUID().toString(), rejected, String.valueOf(template), "96",
						ClaimSettled.Outcome.REJECTED, null, "SOLD_OUT", now),
				// its acceptance never reaches this ledger: the settlement alone creates the row
				new ClaimSettled(UUID.randomUUID().toString(), early, String.valueOf(template), "97",
						ClaimSettled.Outcome.ISSUED, "7002", null, now))) {
			this.kafka.send(topic, settled.key(), EventCodec.encode(settled.toEnvelope())).get(10, TimeUnit.SECONDS);
		}

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.jdbc.queryForList(
				"SELECT CONCAT(claim_id, ' ', status, ' ', COALESCE(code, '-')) FROM claim WHERE template_id = ?",
				String.class, template))
			.containsExactlyInAnyOrder(issued + " ISSUED -", rejected + " REJECTED SOLD_OUT", early + " ISSUED -"));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.pendingCount(template) == 0);
		assertThat(this.store.remaining(template)).as("a SOLD_OUT rejection gives no unit back").isEqualTo(8);
		assertThat((String) json(api().get("/api/claims/" + issued, consumer(95)), "$.couponId")).isEqualTo("7001");
	}

	@Test
	void aLostStateIsRebuiltOnceUnderAStampede() throws Exception {
		long template = enabledTemplate(50, 1, Audience.all());
		for (int user = 1; user <= 5; user++) {
			assertThat(claim(template, user, null).statusCode()).isEqualTo(201);
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> api().get("/ops/coupon-templates/" + template + "/stock", TestTokens.token("1", "OPS"))
				.statusCode() == 200);
		// the ledger knows the five claims before Redis loses everything about the template
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
				this.store.remaining(template) + this.store.pendingCount(template)).isEqualTo(50));
		// ... and in the ledger the rebuild reads (filled from the claim events, a little later)
		await().atMost(Duration.ofSeconds(20)).until(() -> this.jdbc
			.queryForObject("SELECT COUNT(*) FROM claim WHERE template_id = ?", Long.class, template) == 5);
		double rebuildsBefore = this.meters.counter("promo.claim.rebuilds").count();
		this.redis.delete(List.of("{t:" + template + "}:meta", "{t:" + template + "}:stock", "{t:" + template + "}:users",
				"{t:" + template + "}:pending", "{t:" + template + "}:claims", "{t:" + template + "}:idem"));

		int callers = 40;
		CyclicBarrier start = new CyclicBarrier(callers);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
			for (int i = 0; i < callers; i++) {
				long user = 100 + i;
				answers.add(pool.submit(() -> {
					start.await();
					return claim(template, user, null);
				}));
			}
			for (Future<HttpResponse<String>> answer : answers) {
				assertThat(answer.get().statusCode()).isEqualTo(201);
			}
		}
		assertThat(this.meters.counter("promo.claim.rebuilds").count() - rebuildsBefore).isEqualTo(1.0);
		assertThat(this.store.remaining(template)).as("50 - 5 earlier - 40 now").isEqualTo(5);
		assertThat(claim(template, 1, null).statusCode()).as("the rebuilt per-user count").isEqualTo(409);
	}

	@Test
	void reconciliationRepairsDriftInBothDirections() {
		long template = enabledTemplate(20, 1, Audience.all());
		for (int user = 1; user <= 3; user++) {
			claim(template, user, null);
		}
		String ops = TestTokens.token("1", "OPS");
		this.redis.opsForValue().set("{t:" + template + "}:stock", "40");

		HttpResponse<String> report = api().post("/ops/coupon-templates/" + template + "/reconcile", ops, null);

		assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
		assertThat((Integer) json(report, "$.remainingBefore")).isEqualTo(40);
		assertThat((Integer) json(report, "$.remainingAfter")).isEqualTo(17);
		assertThat((Integer) json(report, "$.drift")).isEqualTo(-23);
		assertThat(templateGauge("promo.stock.drift.last", template)).as("the drift gauge").isEqualTo(-23.0);
		this.redis.opsForValue().set("{t:" + template + "}:stock", "2");
		HttpResponse<String> second = api().post("/ops/coupon-templates/" + template + "/reconcile", ops, null);
		assertThat((Integer) json(second, "$.drift")).isEqualTo(15);
		assertThat(templateGauge("promo.stock.drift.last", template)).as("the drift gauge").isEqualTo(15.0);
		assertThat(templateGauge("promo.stock.issued", template)).as("the issued gauge: the ledger's count")
			.isEqualTo(((Integer) json(second, "$.issued")).doubleValue());
		HttpResponse<String> stock = api().get("/ops/coupon-templates/" + template + "/stock", ops);
		assertThat((Integer) json(stock, "$.remaining") + (Integer) json(stock, "$.issued")
				+ (Integer) json(stock, "$.pending")).isEqualTo(20);
	}

	private double templateGauge(String name, long template) {
		var gauge = this.meters.find(name).tag("template", Long.toString(template)).gauge();
		assertThat(gauge).as("%s of template %d", name, template).isNotNull();
		return gauge.value();
	}

	@Test
	void reconciliationClearsPendingClaimsTheLedgerAlreadySettled() {
		long template = enabledTemplate(10, 1, Audience.all());
		String claimId = json(claim(template, 9, null), "$.claimId");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM claim WHERE claim_id = ?", Integer.class,
					claimId) == 1);
		// the wallet issued it, but Redis lost the removal from pending (as in a failover)
		this.jdbc.update("UPDATE claim SET status = 'ISSUED', coupon_id = 1 WHERE claim_id = ?", claimId);
		assertThat(this.store.pendingCount(template)).isEqualTo(1);

		HttpResponse<String> report = api().post("/ops/coupon-templates/" + template + "/reconcile",
				TestTokens.token("1", "OPS"), null);

		assertThat((Integer) json(report, "$.pending")).isZero();
		assertThat((Integer) json(report, "$.issued")).isEqualTo(1);
		assertThat((Integer) json(report, "$.remainingAfter")).isEqualTo(9);
		assertThat(this.store.pendingCount(template)).isZero();
	}

	@Test
	void badInputIsRefusedAndTakesNothing() {
		long template = enabledTemplate(5, 1, Audience.all());
		assertThat(api().post("/api/coupon-templates/abc/claims", consumer(1), null).statusCode()).isEqualTo(400);
		assertThat(api().post("/api/coupon-templates/" + TsidCreator.getTsid().toLong() + "/claims", consumer(1), null)
			.statusCode()).isEqualTo(404);
		for (String key : List.of("k".repeat(65), "")) {
			HttpResponse<String> badKey = claim(template, 1, key);
			assertThat(badKey.statusCode()).as("key of %d characters", key.length()).isEqualTo(400);
			assertThat(badKey.body()).contains("VALIDATION_FAILED").contains("Idempotency-Key");
		}
		// a fresh key: the same user's key stays bound to its first template for a day (a rerun would conflict)
		String longest = (UUID.randomUUID() + "k".repeat(64)).substring(0, 64);
		assertThat(claim(template, 1, longest).statusCode()).as("64 characters are fine").isEqualTo(201);
		assertThat(this.store.remaining(template)).isEqualTo(4);
		template = enabledTemplate(5, 1, Audience.all());
		assertThat(api().post("/api/coupon-templates/" + template + "/claims", null, null).statusCode()).isEqualTo(401);
		assertThat(api().post("/api/coupon-templates/" + template + "/claims", TestTokens.token("2", "MERCHANT"), null)
			.statusCode()).isEqualTo(403);
		assertThat(api().get("/api/claims/nope", consumer(1)).statusCode()).isEqualTo(404);
		assertThat(api().get("/ops/coupon-templates/xyz/stock", TestTokens.token("1", "OPS")).statusCode()).isEqualTo(400);
		assertThat(this.store.remaining(template)).isEqualTo(5);
	}

}
