package com.promo.coupon;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.MalformedEventException;
import com.promo.contracts.Topic;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.item.PriceUnit;
import com.promo.coupon.wallet.Redemption;
import com.promo.coupon.wallet.StaleLockSweep;
import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import com.promo.testsupport.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.support.KafkaHeaders;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issuance through the database arbiter, the wallet, and redemption at checkout. */
class WalletIT extends CouponServiceTestBase {

	static final Set<CouponType> TYPES = Set.of(CouponType.AMOUNT_OFF);

	final String service = TestTokens.token("0", "SERVICE");

	@Autowired
	Redemption redemption;

	record Template(long id, long merchant, long listing) {
	}

	/** An enabled AMOUNT_OFF template (3000 off from 10000) of a running activity, bound to a listing. */
	Template template(int stock, int perUserLimit) {
		long merchant = newId();
		String token = TestTokens.token(String.valueOf(merchant), "MERCHANT");
		long activity = signupOpenActivity(ActivityKind.COUPON, TYPES);
		api().post("/merchant/activities/" + activity + "/signups", token, null);
		String json = templateJson(activity, "AMOUNT_OFF", "\"amountOff\":3000")
			.replace("\"totalStock\":1000", "\"totalStock\":" + stock)
			.replace("\"perUserLimit\":1", "\"perUserLimit\":" + perUserLimit)
			.replace("\"thresholdAmount\":300000", "\"thresholdAmount\":10000");
		HttpResponse<String> created = api().post("/merchant/coupon-templates", token, json);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		long id = Long.parseLong(json(created, "$.id"));
		api().post("/merchant/coupon-templates/" + id + "/enable", token, null);
		startActivity(activity, ActivityKind.COUPON, TYPES);
		return new Template(id, merchant, publishListing(merchant, 300000, PriceUnit.MONTHLY, 0));
	}

	HttpResponse<String> settle(long template, long user, String claimId) {
		return api().post("/internal/claims/settle", this.service, """
				{"eventId":"%s","claimId":"%s","templateId":"%d","userId":"%d","claimedAt":"%s","occurredAt":"%s"}"""
			.formatted(UUID.randomUUID(), claimId, template, user, Instant.now(), Instant.now()));
	}

	String issuedCoupon(Template t, long user) {
		HttpResponse<String> settled = settle(t.id(), user, UUID.randomUUID().toString());
		assertThat((String) json(settled, "$.outcome")).as(settled.body()).isEqualTo("ISSUED");
		return json(settled, "$.couponId");
	}

	HttpResponse<String> lock(String coupon, long user, String order, long amount, long listing) {
		return api().post("/internal/coupons/" + coupon + "/lock", this.service,
				"{\"userId\":\"%d\",\"orderId\":\"%s\",\"orderAmount\":%d,\"listingId\":\"%d\"}".formatted(user, order,
						amount, listing));
	}

	@Test
	void theArbiterNeverIssuesMoreThanTheStockNorMoreThanTheLimitUnderConcurrentAndRepeatedClaims() throws Exception {
		Template t = template(10, 2);
		List<String[]> claims = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			claims.add(new String[] { String.valueOf(100 + i % 12), UUID.randomUUID().toString() });
		}
		List<String[]> requests = new ArrayList<>(claims);
		requests.addAll(claims.subList(0, 20)); // redelivered claims
		CyclicBarrier start = new CyclicBarrier(requests.size());
		Map<String, String> outcomes = new HashMap<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(requests.size())) {
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (String[] claim : requests) {
				answers.add(pool.submit(() -> {
					start.await();
					return settle(t.id(), Long.parseLong(claim[0]), claim[1]);
				}));
			}
			for (int i = 0; i < answers.size(); i++) {
				HttpResponse<String> response = answers.get(i).get();
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				String outcome = json(response, "$.outcome") + ":" + json(response, "$.couponId");
				String earlier = outcomes.putIfAbsent(requests.get(i)[1], outcome);
				assertThat(earlier == null || earlier.equals(outcome)).as("a claim settles one way").isTrue();
			}
		}
		assertThat(outcomes.values().stream().filter(o -> o.startsWith("ISSUED"))).hasSize(10);
		assertThat(this.jdbc.queryForObject("SELECT claimed_count FROM coupon_template WHERE id = ?", Integer.class, t.id()))
			.isEqualTo(10);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM user_coupon WHERE template_id = ?", Integer.class, t.id()))
			.isEqualTo(10);
		assertThat(this.jdbc.queryForList(
				"SELECT COUNT(*) FROM user_coupon WHERE template_id = ? GROUP BY user_id", Integer.class, t.id()))
			.allSatisfy(perUser -> assertThat(perUser).isLessThanOrEqualTo(2));
		HttpResponse<String> merchantView = api().get("/merchant/coupon-templates/" + t.id(),
				TestTokens.token(String.valueOf(t.merchant()), "MERCHANT"));
		assertThat((Integer) json(merchantView, "$.claimedCount")).isEqualTo(10);
	}

	/**
	 * The batched settlement under fire: 900 claims of two templates from 60 users go through Kafka
	 * (a fifth of them twice, so batches carry redeliveries, and both templates share batches)
	 * while the synchronous path settles more claims of the same templates and re-settles some of
	 * the Kafka ones at the same moment. Each template grants exactly its stock, no user more than
	 * the limit, every claim is decided once (one ledger row, one answer), and the wallet holds
	 * exactly one coupon per granted claim.
	 */
	@Test
	void batchesFromKafkaRacingTheSynchronousPathNeverOversellAndDecideEachClaimOnce() throws Exception {
		// demand exceeds both stocks: up to 130 grants for the first template, 50 for the second
		Template first = template(100, 3);
		Template second = template(30, 2);
		List<ClaimAccepted> viaKafka = new ArrayList<>();
		for (int i = 0; i < 900; i++) {
			Template t = i % 3 == 0 ? second : first;
			viaKafka.add(new ClaimAccepted(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
					String.valueOf(t.id()), String.valueOf(5_000 + i % 60), Instant.now(), Instant.now()));
		}
		List<String[]> viaHttp = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			Template t = i % 2 == 0 ? second : first;
			viaHttp.add(new String[] { String.valueOf(t.id()), String.valueOf(5_000 + i), UUID.randomUUID().toString() });
		}
		for (int i = 0; i < 60; i++) { // the same claims as some of Kafka's, settled synchronously too
			ClaimAccepted c = viaKafka.get(i * 7);
			viaHttp.add(new String[] { c.templateId(), c.userId(), c.claimId() });
		}
		Map<String, String> httpOutcomes = new java.util.concurrent.ConcurrentHashMap<>();
		CyclicBarrier start = new CyclicBarrier(21);
		try (ExecutorService pool = Executors.newFixedThreadPool(21)) {
			Future<?> producer = pool.submit(() -> {
				start.await();
				for (int i = 0; i < viaKafka.size(); i++) {
					send(viaKafka.get(i));
					if (i % 5 == 0) {
						send(viaKafka.get(i));
					}
				}
				return null;
			});
			List<Future<?>> settlers = new ArrayList<>();
			for (int w = 0; w < 20; w++) {
				int worker = w;
				settlers.add(pool.submit(() -> {
					start.await();
					for (int i = worker; i < viaHttp.size(); i += 20) {
						String[] c = viaHttp.get(i);
						HttpResponse<String> response = settle(Long.parseLong(c[0]), Long.parseLong(c[1]), c[2]);
						assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
						httpOutcomes.put(c[2], json(response, "$.outcome") + ":" + json(response, "$.couponId"));
					}
					return null;
				}));
			}
			producer.get();
			for (Future<?> settler : settlers) {
				settler.get();
			}
		}
		List<String> allClaims = new ArrayList<>(viaKafka.stream().map(ClaimAccepted::claimId).toList());
		viaHttp.forEach(c -> allClaims.add(c[2]));
		long distinct = allClaims.stream().distinct().count();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM claim_ledger WHERE template_id IN (?, ?)",
					Long.class, first.id(), second.id()) == distinct);

		for (Template t : List.of(first, second)) {
			int stock = t == first ? 100 : 30;
			int limit = t == first ? 3 : 2;
			assertThat(this.jdbc.queryForObject("SELECT claimed_count FROM coupon_template WHERE id = ?", Integer.class,
					t.id())).isEqualTo(stock);
			assertThat(this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM claim_ledger WHERE template_id = ? AND outcome = 'GRANTED'", Integer.class, t.id()))
				.isEqualTo(stock);
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM user_coupon WHERE template_id = ?", Integer.class,
					t.id())).isEqualTo(stock);
			assertThat(this.jdbc.queryForObject("SELECT SUM(granted) FROM claim_user_count WHERE template_id = ?",
					Integer.class, t.id())).isEqualTo(stock);
			assertThat(this.jdbc.queryForList("SELECT granted FROM claim_user_count WHERE template_id = ?", Integer.class,
					t.id())).allSatisfy(granted -> assertThat(granted).isLessThanOrEqualTo(limit));
			assertThat(this.jdbc.queryForList(
					"SELECT COUNT(*) FROM user_coupon WHERE template_id = ? GROUP BY user_id", Integer.class, t.id()))
				.allSatisfy(perUser -> assertThat(perUser).isLessThanOrEqualTo(limit));
		}
		// every granted claim has its coupon, with the ledger's coupon id; the synchronous answers agree
		Map<String, Long> ledgerCoupons = new HashMap<>();
		this.jdbc.query("SELECT claim_id, coupon_id FROM claim_ledger WHERE template_id IN (?, ?) AND outcome = 'GRANTED'",
				rs -> {
					ledgerCoupons.put(rs.getString(1), rs.getLong(2));
				}, first.id(), second.id());
		Map<String, Long> walletCoupons = new HashMap<>();
		this.jdbc.query("SELECT claim_id, id FROM user_coupon WHERE template_id IN (?, ?)", rs -> {
			walletCoupons.put(rs.getString(1), rs.getLong(2));
		}, first.id(), second.id());
		assertThat(walletCoupons).isEqualTo(ledgerCoupons);
		httpOutcomes.forEach((claim, outcome) -> assertThat(outcome)
			.isEqualTo(ledgerCoupons.containsKey(claim) ? "ISSUED:" + ledgerCoupons.get(claim) : "REJECTED:null"));
	}

	@Test
	void aClaimFromKafkaIsIssuedOnceEvenWhenDeliveredTwice() {
		Template t = template(5, 1);
		long user = newId();
		ClaimAccepted claim = new ClaimAccepted(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				String.valueOf(t.id()), String.valueOf(user), Instant.now(), Instant.now());
		awaitConsumed(send(claim));
		awaitConsumed(send(claim));

		try (TopicRecorder recorder = new TopicRecorder(Topic.COUPON_ISSUED_EVENTS.wireName())) {
			List<EventEnvelope> settled = recorder.await(e -> e.payload().get("claimId").asString().equals(claim.claimId()),
					seen -> seen.size() >= 2, Duration.ofSeconds(20));
			assertThat(settled).extracting(EventEnvelope::type).containsExactly("CouponIssued", "CouponIssued");
			assertThat(settled).extracting(e -> e.payload().get("couponId").asString()).containsOnly(
					settled.get(0).payload().get("couponId").asString());
		}
		HttpResponse<String> wallet = api().get("/api/me/coupons", TestTokens.token(String.valueOf(user), "CONSUMER"));
		assertThat((Integer) json(wallet, "$.total")).isEqualTo(1);
		assertThat((String) json(wallet, "$.items[0].claimId")).isEqualTo(claim.claimId());
		assertThat((String) json(wallet, "$.items[0].status")).isEqualTo("UNUSED");
		assertThat((Integer) json(api().get("/api/me/coupons?status=USED", TestTokens.token(String.valueOf(user),
				"CONSUMER")), "$.total")).isZero();
	}

	/**
	 * An unreadable record among good ones (one user's key: one partition, usually one poll): it
	 * goes to the dead-letter topic, as it was sent and naming why, nothing is decided for it, and
	 * the claims before and after it are still issued.
	 */
	@Test
	void anUnreadableClaimEventIsDeadLetteredAndTheClaimsAroundItAreStillIssued() {
		Template t = template(5, 3);
		long user = newId();
		String key = String.valueOf(user);
		ClaimAccepted before = new ClaimAccepted(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				String.valueOf(t.id()), key, Instant.now(), Instant.now());
		ClaimAccepted after = new ClaimAccepted(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				String.valueOf(t.id()), key, Instant.now(), Instant.now());
		byte[] unreadable = ("{not an envelope " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		this.kafka.send(Topic.CLAIM_EVENTS.wireName(), key, EventCodec.encode(before.toEnvelope()));
		this.kafka.send(Topic.CLAIM_EVENTS.wireName(), key, unreadable);
		awaitConsumed(send(after));

		String token = TestTokens.token(key, "CONSUMER");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat((Integer) json(api().get("/api/me/coupons", token), "$.total")).isEqualTo(2));
		ConsumerRecord<String, byte[]> deadLetter = deadLetter(Topic.CLAIM_EVENTS.deadLetterName(), unreadable);
		assertThat(deadLetter.key()).isEqualTo(key);
		assertThat(new String(deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_STACKTRACE).value(),
				StandardCharsets.UTF_8))
			.as("why it was dead-lettered")
			.contains(MalformedEventException.class.getName());
		assertThat(new String(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC).value(),
				StandardCharsets.UTF_8)).isEqualTo(Topic.CLAIM_EVENTS.wireName());
		assertThat(this.jdbc.queryForList("SELECT claim_id FROM claim_ledger WHERE template_id = ?", String.class, t.id()))
			.as("decided: the two readable claims, nothing for the unreadable record")
			.containsExactlyInAnyOrder(before.claimId(), after.claimId());
		assertThat(this.jdbc.queryForList("SELECT claim_id FROM user_coupon WHERE template_id = ?", String.class, t.id()))
			.containsExactlyInAnyOrder(before.claimId(), after.claimId());
	}

	/** The record on the dead-letter topic whose value is {@code value}, read from the topic's start. */
	static ConsumerRecord<String, byte[]> deadLetter(String topic, byte[] value) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.get().kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
				"it-dlt-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(r -> {
					if (Arrays.equals(r.value(), value)) {
						found.add(r);
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

	@Test
	void twoOrdersLockingOneCouponAtOnceLeaveExactlyOneWinner() throws Exception {
		Template t = template(5, 1);
		long user = newId();
		String coupon = issuedCoupon(t, user);
		int orders = 20;
		CyclicBarrier start = new CyclicBarrier(orders);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(orders)) {
			for (int i = 0; i < orders; i++) {
				String order = "order-" + i + "-" + UUID.randomUUID();
				answers.add(pool.submit(() -> {
					start.await();
					return lock(coupon, user, order, 20000, t.listing());
				}));
			}
			int won = 0;
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get();
				if (response.statusCode() == 200) {
					won++;
					assertThat((Integer) json(response, "$.discount")).isEqualTo(3000);
				}
				else {
					assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
				}
			}
			assertThat(won).isEqualTo(1);
		}
	}

	/**
	 * Checkout confirming, checkout releasing and, every other coupon, the stale-lock sweep (run at
	 * the same instant, as if the lock had just gone stale) on one locked coupon, many times over:
	 * each coupon ends in exactly one state, USED by its order or UNUSED and free, the order index
	 * says the same, and every answer agrees with it. Both ends occur: the race is real.
	 */
	@Test
	void confirmReleaseAndTheStaleLockSweepRacingOnOneCouponLeaveOneFinalState() throws Exception {
		int coupons = 20;
		Template t = template(coupons, 1);
		Map<String, String> usedOrUnused = new HashMap<>();
		for (int i = 0; i < coupons; i++) {
			long user = newId();
			String coupon = issuedCoupon(t, user);
			String order = "order-" + UUID.randomUUID();
			HttpResponse<String> locked = lock(coupon, user, order, 20000, t.listing());
			assertThat(locked.statusCode()).as(locked.body()).isEqualTo(200);

			// the in-process sweep is quicker than any HTTP call: without it, confirms race releases
			int sweepers = (i % 2 == 0) ? 0 : 3;
			CyclicBarrier start = new CyclicBarrier(8 + sweepers);
			List<Future<HttpResponse<String>>> confirms = new ArrayList<>();
			List<Future<HttpResponse<String>>> releases = new ArrayList<>();
			List<Future<Integer>> sweeps = new ArrayList<>();
			try (ExecutorService pool = Executors.newFixedThreadPool(8 + sweepers)) {
				for (int k = 0; k < 4; k++) {
					confirms.add(pool.submit(() -> {
						start.await();
						return api().post("/internal/orders/" + order + "/coupon/confirm", this.service, null);
					}));
					releases.add(pool.submit(() -> {
						start.await();
						return api().post("/internal/orders/" + order + "/coupon/release", this.service, null);
					}));
				}
				for (int k = 0; k < sweepers; k++) {
					sweeps.add(pool.submit(() -> {
						start.await();
						return StaleLockSweep.releaseLockedBefore(this.redemption, Instant.now().plusSeconds(60));
					}));
				}
				for (Future<Integer> sweep : sweeps) {
					sweep.get(); // a sweep's exception fails the test
				}
				for (Future<HttpResponse<String>> answer : confirms) {
					answer.get();
				}
				for (Future<HttpResponse<String>> answer : releases) {
					answer.get();
				}
				String state = this.jdbc.queryForObject("SELECT state FROM order_coupon WHERE order_id = ?", String.class,
						order);
				Map<String, Object> row = this.jdbc.queryForMap(
						"SELECT status, order_id FROM user_coupon WHERE user_id = ? AND id = ?", user, Long.parseLong(coupon));
				if ("USED".equals(row.get("status"))) {
					assertThat(row.get("order_id")).isEqualTo(order);
					assertThat(state).as("the order index of a used coupon").isEqualTo("USED");
				}
				else {
					assertThat(row.get("status")).isEqualTo("UNUSED");
					assertThat(row.get("order_id")).isNull();
					assertThat(state).as("the order index of a released coupon").isEqualTo("RELEASED");
				}
				for (Future<HttpResponse<String>> confirm : confirms) {
					HttpResponse<String> answer = confirm.get();
					assertThat(answer.statusCode()).as(answer.body()).isEqualTo("USED".equals(row.get("status")) ? 200 : 422);
				}
				for (Future<HttpResponse<String>> release : releases) {
					HttpResponse<String> answer = release.get();
					// a release of a used coupon is refused, as in lockConfirmAndReleaseAreIdempotentPerOrder
					assertThat(answer.statusCode()).as(answer.body()).isEqualTo("USED".equals(row.get("status")) ? 422 : 200);
					if (answer.statusCode() == 200) {
						assertThat((String) json(answer, "$.status")).as(answer.body()).isEqualTo("UNUSED");
					}
				}
				usedOrUnused.put(coupon, (String) row.get("status"));
			}
		}
		assertThat(usedOrUnused).hasSize(coupons);
		assertThat(usedOrUnused.values()).as("final states").contains("USED", "UNUSED");
	}

	@Test
	void lockConfirmAndReleaseAreIdempotentPerOrder() {
		Template t = template(5, 1);
		long user = newId();
		String coupon = issuedCoupon(t, user);
		String order = "order-" + UUID.randomUUID();

		assertThat(lock(coupon, user, order, 20000, t.listing()).statusCode()).isEqualTo(200);
		HttpResponse<String> again = lock(coupon, user, order, 20000, t.listing());
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat((String) json(again, "$.status")).isEqualTo("LOCKED");
		HttpResponse<String> released = api().post("/internal/orders/" + order + "/coupon/release", this.service, null);
		assertThat((String) json(released, "$.status")).isEqualTo("UNUSED");
		assertThat((String) json(api().post("/internal/orders/" + order + "/coupon/release", this.service, null), "$.status"))
			.isEqualTo("UNUSED");

		String other = "order-" + UUID.randomUUID();
		assertThat(lock(coupon, user, other, 20000, t.listing()).statusCode()).as("free again").isEqualTo(200);
		HttpResponse<String> used = api().post("/internal/orders/" + other + "/coupon/confirm", this.service, null);
		assertThat((String) json(used, "$.status")).isEqualTo("USED");
		assertThat((String) json(api().post("/internal/orders/" + other + "/coupon/confirm", this.service, null), "$.status"))
			.isEqualTo("USED");
		assertThat(api().post("/internal/orders/" + other + "/coupon/release", this.service, null).statusCode())
			.as("a used coupon stays used").isEqualTo(422);
		assertThat(lock(coupon, user, "order-" + UUID.randomUUID(), 20000, t.listing()).statusCode()).isEqualTo(409);
		assertThat(api().post("/internal/orders/" + order + "/coupon/confirm", this.service, null).statusCode())
			.as("the released order cannot confirm").isEqualTo(422);
	}

	@Test
	void aStaleLockIsReleasedByItself() {
		Template t = template(5, 1);
		long user = newId();
		String coupon = issuedCoupon(t, user);
		HttpResponse<String> locked = lock(coupon, user, "order-" + UUID.randomUUID(), 20000, t.listing());
		assertThat(locked.statusCode()).as(locked.body()).isEqualTo(200);
		assertThat((String) json(locked, "$.status")).isEqualTo("LOCKED");

		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat((String) json(api().get("/api/me/coupons",
					TestTokens.token(String.valueOf(user), "CONSUMER")), "$.items[0].status")).isEqualTo("UNUSED"));
	}

	@Test
	void badLockRequestsAreRefusedAndLockNothing() {
		Template t = template(5, 1);
		long user = newId();
		String coupon = issuedCoupon(t, user);
		String path = "/internal/coupons/" + coupon + "/lock";

		assertThat((List<String>) json(api().post(path, this.service, "{}"), "$.errors[*].field"))
			.contains("userId", "orderId", "orderAmount", "listingId");
		assertThat(api().post(path, this.service, "{\"userId\":").statusCode()).isEqualTo(400);
		assertThat(lock(coupon, user + 1, "o1", 20000, t.listing()).statusCode()).as("someone else's coupon")
			.isEqualTo(404);
		assertThat(lock(coupon, user, "o2", 9999, t.listing()).statusCode()).as("below the threshold").isEqualTo(422);
		assertThat(lock(coupon, user, "o3", 20000, newId()).statusCode()).as("another listing").isEqualTo(422);
		assertThat(api().post(path, TestTokens.token("1", "CONSUMER"), "{}").statusCode()).isEqualTo(403);
		assertThat(api().post("/internal/orders/nope/coupon/confirm", this.service, null).statusCode()).isEqualTo(404);
		assertThat(api().get("/api/me/coupons?status=SHINY", TestTokens.token(String.valueOf(user), "CONSUMER"))
			.statusCode()).isEqualTo(400);
		assertThat((String) json(api().get("/api/me/coupons", TestTokens.token(String.valueOf(user), "CONSUMER")),
				"$.items[0].status")).isEqualTo("UNUSED");
	}

	@Test
	void pricingReadsTheTermsOfAUsersOwnUnusedCouponsOnly() {
		Template t = template(5, 1);
		long user = newId();
		String coupon = issuedCoupon(t, user);
		String list = "/internal/users/" + user + "/coupons?status=UNUSED";

		HttpResponse<String> unused = api().get(list, this.service);
		assertThat(unused.statusCode()).as(unused.body()).isEqualTo(200);
		assertThat((String) json(unused, "$.items[0].id")).isEqualTo(coupon);
		assertThat((String) json(unused, "$.items[0].merchantId")).isEqualTo(String.valueOf(t.merchant()));
		assertThat((String) json(unused, "$.items[0].type")).isEqualTo("AMOUNT_OFF");
		assertThat((Integer) json(unused, "$.items[0].amountOff")).isEqualTo(3000);
		assertThat((Integer) json(unused, "$.items[0].thresholdAmount")).isEqualTo(10000);
		assertThat((String) json(unused, "$.items[0].deduction")).isEqualTo("FIRST_MONTH");
		assertThat((String) json(unused, "$.items[0].status")).isEqualTo("UNUSED");
		HttpResponse<String> one = api().get("/internal/users/" + user + "/coupons/" + coupon, this.service);
		assertThat((String) json(one, "$.templateId")).isEqualTo(String.valueOf(t.id()));

		assertThat(api().get("/internal/users/" + (user + 1) + "/coupons/" + coupon, this.service).statusCode())
			.as("another user's coupon").isEqualTo(404);
		assertThat((List<?>) json(api().get("/internal/users/" + (user + 1) + "/coupons?status=UNUSED", this.service),
				"$.items")).isEmpty();
		assertThat(api().get(list, TestTokens.token(String.valueOf(user), "CONSUMER")).statusCode()).isEqualTo(403);
		assertThat(lock(coupon, user, "order-" + UUID.randomUUID(), 20000, t.listing()).statusCode()).isEqualTo(200);
		assertThat((List<?>) json(api().get(list, this.service), "$.items")).as("locked: not UNUSED any more").isEmpty();
	}

}
