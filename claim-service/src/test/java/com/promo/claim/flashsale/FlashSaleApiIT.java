package com.promo.claim.flashsale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.RefusalChecks;
import com.promo.testsupport.TestTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.promo.claim.flashsale.FlashSaleFixture.consumer;
import static com.promo.claim.flashsale.FlashSaleFixture.orderBody;
import static com.promo.claim.flashsale.FlashSaleFixture.service;
import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Flash sales on one claim-service instance against the real Redis Cluster, Kafka and MariaDB:
 * tokens, orders (with the 5,000-orders-for-100-units stampede), the buyer's transaction, payments
 * and their anomalies, expiries, the counters of all of them, bad input. Budgets are set high here:
 * every request comes from 127.0.0.1 (the limits themselves are tested in {@code FlashSaleInstancesIT}).
 * The human check is off, as by default, beside a declared verifier that would refuse everyone: no
 * token here needs a proof ({@code FlashSaleHumanCheckIT} switches it on).
 */
// closed after the class: a cached context would go on consuming every flash-sale event into its own
// database and its expiry sweeper would give other tests' units back in the shared Redis
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "promo.flash-sale.user-token-budget=100000", "promo.flash-sale.ip-token-budget=1000000",
				"promo.claim.reconcile-interval=1h" })
@SuppressWarnings("unchecked")
class FlashSaleApiIT {

	/** A verifier that refuses everyone: with the human check off (the default), never asked. */
	static final class RefuseEveryone implements HumanCheck {

		final AtomicInteger asked = new AtomicInteger();

		@Override
		public boolean passed(long userId, String proof) {
			this.asked.incrementAndGet();
			return false;
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class HumanCheckSwitchedOff {

		@Bean
		RefuseEveryone refuseEveryone() {
			return new RefuseEveryone();
		}

	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		FlashSaleFixture.infrastructure(registry, "it_flash_api");
	}

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	FlashSaleStore store;

	@Autowired
	EntryTokenCodec codec;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	RefuseEveryone humanCheck;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	ApiClient api() {
		return ApiClient.local(this.port);
	}

	long sale(int stock, int limit) {
		return FlashSaleFixture.runningSale(this.kafka, this.store, stock, limit);
	}

	HttpResponse<String> takeToken(long sale, long user) {
		return api().post("/api/flash-sales/" + sale + "/tokens", consumer(user), null);
	}

	String token(long sale, long user) {
		HttpResponse<String> issued = takeToken(sale, user);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		return json(issued, "$.token");
	}

	HttpResponse<String> order(long sale, long user, String token, String... headers) {
		return api().post("/api/flash-sales/" + sale + "/orders", consumer(user), orderBody(token), headers);
	}

	HttpResponse<String> pay(String transactionId, long amount, Instant paidAt, String providerRef) {
		return api().post("/internal/flash-sales/transactions/" + transactionId + "/paid", service(),
				"{\"amount\":" + amount + ",\"paidAt\":\"" + paidAt + "\",\"providerRef\":\"" + providerRef + "\"}");
	}

	void awaitLedger(String transactionId) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_transaction WHERE transaction_id = ?",
					Integer.class, transactionId) == 1);
	}

	@Test
	void tokensAreIssuedOnlyToConsumersOfARunningSale() {
		long sale = sale(10, 1);
		HttpResponse<String> issued = takeToken(sale, 1);
		assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
		assertThat((String) json(issued, "$.token")).isNotBlank();
		assertThat(Instant.parse(json(issued, "$.expiresAt"))).isAfter(Instant.now());
		assertThat(this.humanCheck.asked).as("the human check is off: no proof asked for, the verifier never asked")
			.hasValue(0);

		assertThat(api().post("/api/flash-sales/" + sale + "/tokens", null, null).statusCode()).isEqualTo(401);
		assertThat(api().post("/api/flash-sales/" + sale + "/tokens", TestTokens.token("77", "MERCHANT"), null)
			.statusCode()).isEqualTo(403);

		long notStarted = TsidCreator.getTsid().toLong();
		FlashSaleFixture.publish(this.kafka, FlashSaleFixture.snapshot(notStarted, 10, 1, ActivityKind.FLASH_SALE,
				CouponType.SPECIAL_PRICE, Instant.now().plusSeconds(3600), Instant.now().plusSeconds(7200)));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.store.exists(notStarted));
		HttpResponse<String> early = takeToken(notStarted, 1);
		assertThat(early.statusCode()).isEqualTo(422);
		assertThat(early.body()).contains("\"code\":\"NOT_CLAIMABLE\"");

		long coupon = TsidCreator.getTsid().toLong();
		FlashSaleFixture.publish(this.kafka, FlashSaleFixture.snapshot(coupon, 10, 1, ActivityKind.COUPON,
				CouponType.SPECIAL_PRICE, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600)));
		assertThat(takeToken(coupon, 1).statusCode()).as("a COUPON activity's template is no sale").isEqualTo(422);
	}

	/**
	 * The ledger's consumer paused, so the ledger is behind the 201s: the buyer's read of a
	 * transaction just ordered and the payment of another wait for the ledger instead of answering
	 * 404 (the payment would have been recorded as one for an unknown transaction), and complete
	 * once it has them. An unknown transaction is still a 404.
	 */
	@Test
	void aTransactionReadOrPaidBeforeTheLedgerHasItWaitsForTheLedger() throws Exception {
		long sale = sale(10, 2);
		MessageListenerContainer ledger = this.listeners.getListenerContainer(FlashSaleLedgerListener.ID);
		CompletableFuture<HttpResponse<String>> reading;
		CompletableFuture<HttpResponse<String>> paying;
		String read;
		String paid;
		ledger.pause();
		try {
			await().atMost(Duration.ofSeconds(10)).until(ledger::isContainerPaused);
			HttpResponse<String> first = order(sale, 8, token(sale, 8));
			HttpResponse<String> second = order(sale, 8, token(sale, 8));
			assertThat(List.of(first.statusCode(), second.statusCode())).containsExactly(201, 201);
			read = json(first, "$.transactionId");
			paid = json(second, "$.transactionId");
			reading = CompletableFuture.supplyAsync(() -> api().get("/api/flash-sales/transactions/" + read, consumer(8)));
			paying = CompletableFuture.supplyAsync(() -> pay(paid, FlashSaleFixture.PRICE, Instant.now(), "early-" + paid));
			Thread.sleep(500);
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_transaction WHERE template_id = ?",
					Integer.class, sale))
				.as("the ledger is behind")
				.isZero();
			assertThat(reading).as("the read waits for the ledger").isNotDone();
			assertThat(paying).as("the payment waits for the ledger").isNotDone();
		}
		finally {
			ledger.resume();
		}
		HttpResponse<String> readAnswer = reading.get(10, TimeUnit.SECONDS);
		assertThat(readAnswer.statusCode()).as(readAnswer.body()).isEqualTo(200);
		assertThat((String) json(readAnswer, "$.status")).isEqualTo("RESERVED");
		HttpResponse<String> payAnswer = paying.get(10, TimeUnit.SECONDS);
		assertThat(payAnswer.statusCode()).as(payAnswer.body()).isEqualTo(200);
		assertThat((String) json(payAnswer, "$.status")).isEqualTo("PAID");

		String unknown = TsidCreator.getTsid().toString();
		assertThat(api().get("/api/flash-sales/transactions/" + unknown, consumer(8)).statusCode()).isEqualTo(404);
	}

	@Test
	void anOrderReservesAUnitAndItsTransactionIsReadableByItsBuyerOnly() {
		long sale = sale(10, 1);
		String token = token(sale, 7);
		String key = UUID.randomUUID().toString();
		Instant before = Instant.now();

		HttpResponse<String> placed = order(sale, 7, token, "Idempotency-Key", key);

		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		String transactionId = json(placed, "$.transactionId");
		assertThat(((Number) json(placed, "$.price")).longValue()).isEqualTo(FlashSaleFixture.PRICE);
		assertThat(Instant.parse(json(placed, "$.payBefore"))).isAfter(before.plus(Duration.ofMinutes(14)))
			.isBefore(Instant.now().plus(Duration.ofMinutes(15)).plusSeconds(1));
		assertThat((String) json(placed, "$.paymentUrl")).contains(transactionId);
		assertThat(this.store.remaining(sale)).isEqualTo(9);

		HttpResponse<String> replay = order(sale, 7, token, "Idempotency-Key", key);
		assertThat(replay.statusCode()).as("the first answer again, before the used token is looked at")
			.isEqualTo(201);
		assertThat(replay.body()).isEqualTo(placed.body());
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(order(sale, 7, token(sale, 7), "Idempotency-Key", key).statusCode())
			.as("the key with another body").isEqualTo(409);

		awaitLedger(transactionId);
		HttpResponse<String> mine = api().get("/api/flash-sales/transactions/" + transactionId, consumer(7));
		assertThat(mine.statusCode()).isEqualTo(200);
		assertThat((String) json(mine, "$.status")).isEqualTo("RESERVED");
		assertThat((String) json(mine, "$.templateId")).isEqualTo(String.valueOf(sale));
		assertThat(api().get("/api/flash-sales/transactions/" + transactionId, consumer(8)).statusCode())
			.as("someone else's").isEqualTo(404);
		assertThat(api().get("/api/flash-sales/transactions/nope", consumer(7)).statusCode()).isEqualTo(404);
		assertThat(this.store.remaining(sale)).isEqualTo(9);
	}

	/** The order script keeps the key (FlashOrders): the contract of API.md's Idempotency-Key. */
	@Test
	void anOrdersIdempotencyKeyReplaysRefusalsToAnyTokenAndIsBoundToItsSale() {
		long sale = sale(1, 1);
		long other = sale(10, 1);
		String first = order(sale, 51, token(sale, 51)).body();
		assertThat(first).contains("transactionId");
		String key = UUID.randomUUID().toString();
		String token = token(sale, 52);

		HttpResponse<String> soldOut = order(sale, 52, token, "Idempotency-Key", key);
		assertThat(soldOut.statusCode()).isEqualTo(410);
		HttpResponse<String> again = order(sale, 52, token, "Idempotency-Key", key);
		assertThat(again.statusCode()).as("a stored refusal replays").isEqualTo(410);
		assertThat(again.body()).isEqualTo(soldOut.body());
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(order(sale, 52, token + "x", "Idempotency-Key", key).statusCode())
			.as("another body under the key, its token refused").isEqualTo(409);
		assertThat(order(other, 52, token(other, 52), "Idempotency-Key", key).statusCode())
			.as("the key reused on another sale").isEqualTo(409);
		assertThat(this.store.remaining(other)).isEqualTo(10);

		String placedKey = UUID.randomUUID().toString();
		String placedToken = token(other, 53);
		HttpResponse<String> placed = order(other, 53, placedToken, "Idempotency-Key", placedKey);
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
		HttpResponse<String> forged = order(other, 53, "forged." + placedToken, "Idempotency-Key", placedKey);
		assertThat(forged.statusCode()).as("a refused token under a placed key is another request").isEqualTo(409);
		HttpResponse<String> replay = order(other, 53, placedToken, "Idempotency-Key", placedKey);
		assertThat(replay.statusCode()).isEqualTo(201);
		assertThat(replay.body()).isEqualTo(placed.body());
		assertThat(replay.headers().firstValue("Location")).isEqualTo(placed.headers().firstValue("Location"));
		assertThat(this.store.remaining(other)).isEqualTo(9);
		assertThat(order(other, 54, token(other, 54), "Idempotency-Key", placedKey).statusCode())
			.as("keys are per buyer").isEqualTo(201);
	}

	@Test
	void tokensCannotBeReplayedUsedByAnotherUserOrForAnotherSaleOrForged() {
		long sale = sale(10, 5);
		long otherSale = sale(10, 5);
		String token = token(sale, 21);

		assertThat(order(sale, 22, token).statusCode()).as("another user").isEqualTo(403);
		assertThat(order(otherSale, 21, token).statusCode()).as("another sale").isEqualTo(403);
		assertThat(order(sale, 21, null).statusCode()).as("missing").isEqualTo(403);
		char[] changed = token.toCharArray();
		int at = changed.length / 3;
		changed[at] = changed[at] == 'A' ? 'B' : 'A';
		HttpResponse<String> forged = order(sale, 21, new String(changed));
		assertThat(forged.statusCode()).as("a changed byte").isEqualTo(403);
		assertThat(forged.body()).contains("\"code\":\"FORBIDDEN\"");
		String expired = this.codec.encode(new EntryToken(sale, 21, "x" + UUID.randomUUID(), Instant.now().minusSeconds(1)));
		assertThat(order(sale, 21, expired).statusCode()).as("expired").isEqualTo(403);
		assertThat(this.store.remaining(sale)).as("nothing taken by a refused token").isEqualTo(10);

		assertThat(order(sale, 21, token).statusCode()).as("the refusals left it usable").isEqualTo(201);
		HttpResponse<String> again = order(sale, 21, token);
		assertThat(again.statusCode()).as("used up").isEqualTo(403);
		assertThat(this.store.remaining(sale)).isEqualTo(9);
	}

	@Test
	void fiveThousandConcurrentOrdersForOneHundredUnitsReserveExactlyOneHundredOncePerUser() throws Exception {
		long sale = sale(100, 1);
		int orders = 5000;
		int users = 2000;
		long firstUser = 100_000;
		List<String> tokens = new ArrayList<>(orders);
		for (int i = 0; i < orders; i++) {
			long user = firstUser + i % users;
			tokens.add(this.codec.encode(new EntryToken(sale, user, "c" + i + "-" + UUID.randomUUID(),
					Instant.now().plus(Duration.ofMinutes(10)))));
		}
		int threads = 200;
		CyclicBarrier start = new CyclicBarrier(threads);
		List<Future<Map<Integer, List<String>>>> results = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int t = 0; t < threads; t++) {
				int thread = t;
				results.add(pool.submit(() -> {
					Map<Integer, List<String>> seen = new HashMap<>();
					start.await();
					for (int i = thread; i < orders; i += threads) {
						long user = firstUser + i % users;
						HttpResponse<String> answer = order(sale, user, tokens.get(i));
						String what = answer.statusCode() == 201 ? user + "=" + json(answer, "$.transactionId")
								: answer.body();
						seen.computeIfAbsent(answer.statusCode(), s -> new ArrayList<>()).add(what);
					}
					return seen;
				}));
			}
			Map<Integer, List<String>> all = new HashMap<>();
			for (Future<Map<Integer, List<String>>> result : results) {
				result.get().forEach((status, list) -> all.computeIfAbsent(status, s -> new ArrayList<>()).addAll(list));
			}
			List<String> reserved = all.getOrDefault(201, List.of());
			assertThat(reserved).hasSize(100);
			assertThat(all.keySet()).as("only reservations, limits and sold out").isSubsetOf(201, 409, 410);
			assertThat(all.values().stream().mapToInt(List::size).sum()).isEqualTo(orders);
			Set<String> buyers = new HashSet<>();
			Set<String> transactionIds = new HashSet<>();
			for (String r : reserved) {
				buyers.add(r.substring(0, r.indexOf('=')));
				transactionIds.add(r.substring(r.indexOf('=') + 1));
			}
			assertThat(buyers).as("no user twice").hasSize(100);
			assertThat(transactionIds).hasSize(100);
			assertThat(this.store.remaining(sale)).isZero();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_transaction WHERE template_id = ?",
						Integer.class, sale) == 100);
			List<String> stored = this.jdbc.queryForList(
					"SELECT transaction_id FROM flash_transaction WHERE template_id = ? AND status = 'RESERVED'",
					String.class, sale);
			assertThat(stored).as("every 201 one transaction in the store").containsExactlyInAnyOrderElementsOf(transactionIds);
			assertThat(this.jdbc.queryForObject("SELECT reserved_count FROM flash_sale WHERE template_id = ?",
					Integer.class, sale)).isEqualTo(100);
		}
	}

	/** Every flash-sale counter by name and tags ({@code name{tag=value}}, the common tags left out), now. */
	Map<String, Double> flashSaleCounters() {
		Map<String, Double> counts = new TreeMap<>();
		this.meters.getMeters()
			.stream()
			.filter(meter -> meter instanceof Counter && meter.getId().getName().startsWith("promo.flash-sale."))
			.forEach(meter -> counts.put(counterName((Counter) meter), ((Counter) meter).count()));
		return counts;
	}

	static String counterName(Counter counter) {
		String tags = counter.getId()
			.getTags()
			.stream()
			.filter(tag -> !tag.getKey().equals("application"))
			.map(tag -> tag.getKey() + "=" + tag.getValue())
			.collect(Collectors.joining(","));
		return counter.getId().getName() + (tags.isEmpty() ? "" : "{" + tags + "}");
	}

	/** What each counter rose by since {@code before} (counters that did not move left out). */
	Map<String, Double> risenSince(Map<String, Double> before) {
		Map<String, Double> risen = new TreeMap<>();
		flashSaleCounters().forEach((name, count) -> {
			double by = count - before.getOrDefault(name, 0.0);
			if (by != 0) {
				risen.put(name, by);
			}
		});
		return risen;
	}

	@Test
	void aPaymentPaysOnceAndEveryAnomalyIsRecordedAndReported() {
		Map<String, Double> counted = flashSaleCounters();
		long sale = sale(10, 5);
		String paidTx = json(order(sale, 31, token(sale, 31)), "$.transactionId");
		String mismatchTx = json(order(sale, 31, token(sale, 31)), "$.transactionId");
		awaitLedger(paidTx);
		awaitLedger(mismatchTx);
		Instant now = Instant.now();

		HttpResponse<String> paid = pay(paidTx, FlashSaleFixture.PRICE, now, "prov-1");
		assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
		assertThat((String) json(paid, "$.status")).isEqualTo("PAID");
		HttpResponse<String> replay = pay(paidTx, FlashSaleFixture.PRICE, now, "prov-1");
		assertThat(replay.statusCode()).isEqualTo(200);
		assertThat(replay.body()).isEqualTo(paid.body());
		HttpResponse<String> duplicate = pay(paidTx, FlashSaleFixture.PRICE, now, "prov-2");
		assertThat(duplicate.statusCode()).isEqualTo(409);

		HttpResponse<String> mismatch = pay(mismatchTx, FlashSaleFixture.PRICE - 1, now, "prov-3");
		assertThat(mismatch.statusCode()).isEqualTo(422);
		assertThat((String) json(api().get("/api/flash-sales/transactions/" + mismatchTx, consumer(31)), "$.status"))
			.as("a wrong amount pays nothing").isEqualTo("RESERVED");

		String unknown = "unknown-" + UUID.randomUUID();
		assertThat(pay(unknown, 100, now, "prov-4").statusCode()).isEqualTo(404);

		assertThat(this.jdbc.queryForList("SELECT CONCAT(provider_ref, ':', outcome) FROM flash_payment WHERE transaction_id IN (?, ?, ?)",
				String.class, paidTx, mismatchTx, unknown))
			.containsExactlyInAnyOrder("prov-1:ACCEPTED", "prov-2:DUPLICATE", "prov-3:AMOUNT_MISMATCH",
					"prov-4:UNKNOWN_TRANSACTION");
		assertThat(this.jdbc.queryForMap("SELECT reserved_count, paid_count FROM flash_sale WHERE template_id = ?", sale))
			.containsEntry("reserved_count", 1)
			.containsEntry("paid_count", 1);
		HttpResponse<String> stock = api().get("/ops/coupon-templates/" + sale + "/stock", FlashSaleFixture.ops());
		assertThat(stock.statusCode()).as(stock.body()).isEqualTo(200);
		assertThat((Integer) json(stock, "$.total")).isEqualTo(10);
		assertThat((Integer) json(stock, "$.remaining")).isEqualTo(8);
		assertThat((Integer) json(stock, "$.reserved")).isEqualTo(1);
		assertThat((Integer) json(stock, "$.paid")).isEqualTo(1);
		assertThat((Integer) json(stock, "$.expired")).isZero();
		assertThat(api().post("/internal/flash-sales/transactions/" + paidTx + "/paid", consumer(31),
				"{\"amount\":1,\"paidAt\":\"" + now + "\",\"providerRef\":\"x\"}").statusCode())
			.as("consumers cannot report payments").isEqualTo(403);

		// expiries: one reservation's window closed (the sweep, every second, releases it), and a payment
		// made after the other's payBefore (it expires there and then, the late payment recorded on it)
		String dueTx = json(order(sale, 31, token(sale, 31)), "$.transactionId");
		awaitLedger(dueTx);
		this.jdbc.update("UPDATE flash_transaction SET pay_before = reserved_at WHERE transaction_id = ?", dueTx);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "EXPIRED".equals(json(api().get("/api/flash-sales/transactions/" + dueTx, consumer(31)), "$.status")));
		Instant payBefore = Instant.parse(json(api().get("/api/flash-sales/transactions/" + mismatchTx, consumer(31)), "$.payBefore"));
		HttpResponse<String> late = pay(mismatchTx, FlashSaleFixture.PRICE, payBefore.plusSeconds(1), "prov-5");
		assertThat(late.statusCode()).as(late.body()).isEqualTo(422);
		assertThat((String) json(api().get("/api/flash-sales/transactions/" + mismatchTx, consumer(31)), "$.status"))
			.isEqualTo("EXPIRED");
		assertThat((Integer) json(api().get("/ops/coupon-templates/" + sale + "/stock", FlashSaleFixture.ops()), "$.expired"))
			.isEqualTo(2);

		// the per-minute rates' counters (FlashSaleMeters): each action above counted once, by result
		assertThat(risenSince(counted)).isEqualTo(Map.of("promo.flash-sale.tokens{result=ISSUED}", 3.0,
				"promo.flash-sale.orders{result=RESERVED}", 3.0, "promo.flash-sale.payments{result=ACCEPTED}", 1.0,
				"promo.flash-sale.payments{result=REPLAYED}", 1.0, "promo.flash-sale.payments{result=DUPLICATE}", 1.0,
				"promo.flash-sale.payments{result=AMOUNT_MISMATCH}", 1.0,
				"promo.flash-sale.payments{result=UNKNOWN_TRANSACTION}", 1.0,
				"promo.flash-sale.payments{result=AFTER_EXPIRY}", 1.0, "promo.flash-sale.expiries", 2.0));
		String scrape = api().get("/actuator/prometheus", null).body();
		assertThat(scrape).contains("promo_flash_sale_tokens_total", "promo_flash_sale_orders_total",
				"promo_flash_sale_payments_total", "promo_flash_sale_expiries_total");
	}

	@Test
	void badInputOnEveryEndpointIsA400NamingTheFieldAndChangesNothing() {
		long sale = sale(10, 1);
		String token = token(sale, 41);
		String tx = json(order(sale, 41, token), "$.transactionId");
		awaitLedger(tx);
		long remaining = this.store.remaining(sale);
		int payments = this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_payment", Integer.class);
		int reports = storedReports();

		assertField(api().post("/api/flash-sales/abc/tokens", consumer(41), null), "templateId");
		assertField(api().post("/api/flash-sales/abc/orders", consumer(41), orderBody(token(sale, 41))), "templateId");
		String orders = "/api/flash-sales/" + sale + "/orders";
		assertField(api().post(orders, consumer(41), "{\"token\":"), "body");
		assertField(api().post(orders, consumer(41), "{\"token\":12345}"), "token");
		assertField(api().post(orders, consumer(41), "{\"token\":true}"), "token");
		assertField(api().post(orders, consumer(41), "{\"token\":{\"value\":\"" + token(sale, 41) + "\"}}"), "token");
		assertField(api().post(orders, consumer(41), "{\"token\":[\"" + token(sale, 41) + "\"]}"), "token");
		assertField(order(sale, 41, token(sale, 41), "Idempotency-Key", "k".repeat(65)), "Idempotency-Key");
		String path = "/internal/flash-sales/transactions/" + tx + "/paid";
		assertField(api().post(path, service(), "{\"paidAt\":\"2026-12-01T10:00:00Z\",\"providerRef\":\"p\"}"), "amount");
		assertField(api().post(path, service(), "{\"amount\":-1,\"paidAt\":\"2026-12-01T10:00:00Z\",\"providerRef\":\"p\"}"),
				"amount");
		assertField(api().post(path, service(), "{\"amount\":\"lots\",\"paidAt\":\"2026-12-01T10:00:00Z\",\"providerRef\":\"p\"}"),
				"amount");
		assertField(api().post(path, service(), "{\"amount\":1888,\"paidAt\":\"yesterday\",\"providerRef\":\"p\"}"),
				"paidAt");
		assertField(api().post(path, service(), "{\"amount\":1888,\"paidAt\":\"2026-12-01T10:00:00Z\",\"providerRef\":\" \"}"),
				"providerRef");
		assertField(pay("t".repeat(65), FlashSaleFixture.PRICE, Instant.now(), "p"), "transactionId");

		String csv = "providerRef,transactionId,amount,paidAt\np," + tx + ",1888,2026-12-01T10:00:00Z\n";
		assertField(reconcile("abc", HttpRequest.BodyPublishers.ofString(csv)), "templateId");
		String reportList = "/ops/flash-sales/" + sale + "/reconciliations";
		assertField(api().get(reportList + "/abc", FlashSaleFixture.ops()), "id");
		assertField(api().get(reportList + "?page=-1", FlashSaleFixture.ops()), "page");
		assertField(api().get(reportList + "?page=abc", FlashSaleFixture.ops()), "page");
		assertField(api().get(reportList + "?size=-1", FlashSaleFixture.ops()), "size");
		assertField(api().get(reportList + "?size=abc", FlashSaleFixture.ops()), "size");

		assertThat(this.store.remaining(sale)).as("nothing taken").isEqualTo(remaining);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_payment WHERE transaction_id = ?", Integer.class, tx))
			.as("no payment recorded").isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_payment", Integer.class)).isEqualTo(payments);
		assertThat(storedReports()).as("no report stored").isEqualTo(reports);
		assertThat((String) json(api().get("/api/flash-sales/transactions/" + tx, consumer(41)), "$.status"))
			.isEqualTo("RESERVED");
	}

	HttpResponse<String> reconcile(long sale, HttpRequest.BodyPublisher body) {
		return reconcile(String.valueOf(sale), body);
	}

	HttpResponse<String> reconcile(String templateId, HttpRequest.BodyPublisher body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/ops/flash-sales/" + templateId + "/reconciliations"))
			.header("Authorization", "Bearer " + FlashSaleFixture.ops())
			.header("Content-Type", "text/csv")
			.timeout(Duration.ofMinutes(2))
			.POST(body);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	HttpResponse<String> reconcile(long sale, String csv) {
		return reconcile(sale, HttpRequest.BodyPublishers.ofString(csv));
	}

	int storedReports() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_reconciliation", Integer.class)
				+ this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_settlement_row", Integer.class);
	}

	@Test
	void reconciliationReportsEachKindOfDiscrepancyAndIsStored() {
		long sale = sale(10, 5);
		List<String> tx = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			tx.add(json(order(sale, 51, token(sale, 51)), "$.transactionId"));
		}
		tx.forEach(this::awaitLedger);
		Instant now = Instant.now();
		for (int i = 0; i < 3; i++) {
			assertThat(pay(tx.get(i), FlashSaleFixture.PRICE, now, "ref-" + i).statusCode()).isEqualTo(200);
		}
		String csv = "providerRef,transactionId,amount,paidAt\n"
				+ "ref-0," + tx.get(0) + "," + FlashSaleFixture.PRICE + "," + now + "\n" // matched
				+ "ref-1," + tx.get(1) + ",1800," + now + "\n" // amount differs
				+ "ref-x," + tx.get(3) + "," + FlashSaleFixture.PRICE + "," + now + "\n" // not paid on our side
				+ "ref-y,no-such-tx,500," + now + "\n"; // unknown to us; tx 2 is missing from the file

		HttpResponse<String> report = reconcile(sale, csv);

		assertThat(report.statusCode()).as(report.body()).isEqualTo(201);
		assertThat((Integer) json(report, "$.matched")).isEqualTo(1);
		assertThat((List<String>) json(report, "$.amountMismatches[*].transactionId")).containsExactly(tx.get(1));
		assertThat(((Number) json(report, "$.amountMismatches[0].ourAmount")).longValue()).isEqualTo(FlashSaleFixture.PRICE);
		assertThat(((Number) json(report, "$.amountMismatches[0].theirAmount")).longValue()).isEqualTo(1800);
		assertThat((List<String>) json(report, "$.missingInternal[*].transactionId")).containsExactly(tx.get(3), "no-such-tx");
		assertThat((List<Object>) json(report, "$.missingInternal[*].ourAmount")).containsOnlyNulls();
		assertThat((List<String>) json(report, "$.missingExternal[*].transactionId")).containsExactly(tx.get(2));
		assertThat((List<Object>) json(report, "$.missingExternal[*].theirAmount")).containsOnlyNulls();
		assertThat((String) json(report, "$.missingExternal[0].providerRef")).isEqualTo("ref-2");
		assertThat((Integer) json(report, "$.quantityDelta")).isEqualTo(4 - 3);

		String id = json(report, "$.id");
		HttpResponse<String> again = api().get("/ops/flash-sales/" + sale + "/reconciliations/" + id, FlashSaleFixture.ops());
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat((Integer) json(again, "$.matched")).isEqualTo(1);
		assertThat((List<String>) json(again, "$.missingExternal[*].transactionId")).containsExactly(tx.get(2));
		HttpResponse<String> list = api().get("/ops/flash-sales/" + sale + "/reconciliations?page=0&size=10", FlashSaleFixture.ops());
		assertThat((List<String>) json(list, "$.items[*].id")).containsExactly(id);
		assertThat(api().get("/ops/flash-sales/" + (sale + 1) + "/reconciliations/" + id, FlashSaleFixture.ops()).statusCode())
			.as("another sale's report").isEqualTo(404);
		assertField(api().get("/ops/flash-sales/" + sale + "/reconciliations?size=1000", FlashSaleFixture.ops()), "size");
	}

	/**
	 * The settlement upload keyed by the file's digest (hashed as it streams): the same key and file
	 * answer the first report (no second one stored), the key with another file is 409, and the
	 * same key on several threads at once stores one report that every answer names.
	 */
	@Test
	void aReconciliationsIdempotencyKeyReplaysItsReportAndRefusesAnotherFile() throws Exception {
		long sale = sale(10, 5);
		String tx = json(order(sale, 52, token(sale, 52)), "$.transactionId");
		awaitLedger(tx);
		Instant now = Instant.now();
		assertThat(pay(tx, FlashSaleFixture.PRICE, now, "ref-k").statusCode()).isEqualTo(200);
		String csv = "providerRef,transactionId,amount,paidAt\nref-k," + tx + "," + FlashSaleFixture.PRICE + "," + now + "\n";
		String key = UUID.randomUUID().toString();

		HttpResponse<String> first = reconcile(String.valueOf(sale), HttpRequest.BodyPublishers.ofString(csv),
				"Idempotency-Key", key);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		assertThat((Integer) json(first, "$.matched")).isEqualTo(1);
		HttpResponse<String> repeat = reconcile(String.valueOf(sale), HttpRequest.BodyPublishers.ofString(csv),
				"Idempotency-Key", key);
		assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(201);
		assertThat(repeat.body()).as("the first answer again").isEqualTo(first.body());
		assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(repeat.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		int stored = storedReports();
		HttpResponse<String> otherFile = reconcile(String.valueOf(sale),
				HttpRequest.BodyPublishers.ofString(csv.replace("ref-k", "ref-other")), "Idempotency-Key", key);
		assertThat(otherFile.statusCode()).as(otherFile.body()).isEqualTo(409);
		assertThat((String) json(otherFile, "$.code")).isEqualTo("CONFLICT");
		assertThat(storedReports()).as("nothing stored for the repeat or the conflict").isEqualTo(stored);
		assertField(reconcile(String.valueOf(sale), HttpRequest.BodyPublishers.ofString(csv), "Idempotency-Key",
				"k".repeat(65)), "Idempotency-Key");

		// one key, eight uploads at once: one report, named by every answer
		String raced = UUID.randomUUID().toString();
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		CyclicBarrier together = new CyclicBarrier(8);
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 8; i++) {
				answers.add(pool.submit(() -> {
					together.await();
					return reconcile(String.valueOf(sale), HttpRequest.BodyPublishers.ofString(csv), "Idempotency-Key", raced);
				}));
			}
			Set<String> ids = new HashSet<>();
			for (Future<HttpResponse<String>> answer : answers) {
				assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(201);
				ids.add(json(answer.get(), "$.id"));
			}
			assertThat(ids).as("report ids answered to the racing uploads").hasSize(1);
		}
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_reconciliation WHERE template_id = ? AND idempotency_key = ?",
				Integer.class, sale, raced)).isEqualTo(1);
	}

	@Test
	void malformedSettlementFilesAreA400NamingTheLineAndStoreNothing() {
		long sale = sale(10, 5);
		Instant now = Instant.now();
		String header = "providerRef,transactionId,amount,paidAt\n";
		int before = storedReports();
		Map<String, byte[]> files = new java.util.LinkedHashMap<>();
		files.put("line 1", ("providerRef,transaction,amount,paidAt\np,t,1," + now + "\n").getBytes(StandardCharsets.UTF_8));
		files.put("line 3", (header + "p1,t1,1," + now + "\np2,t2,1.5," + now + "\n").getBytes(StandardCharsets.UTF_8));
		files.put("line 4", (header + "p1,t1,1," + now + "\np2,t2,1," + now + "\np3,t1,1," + now + "\n")
			.getBytes(StandardCharsets.UTF_8));
		files.put("line 2", (header + "pé,t1,1," + now + "\n").getBytes(StandardCharsets.ISO_8859_1));
		files.forEach((line, body) -> {
			HttpResponse<String> refused = reconcile(sale, HttpRequest.BodyPublishers.ofByteArray(body));
			assertThat(refused.statusCode()).as(line + ": " + refused.body()).isEqualTo(400);
			assertThat(refused.body()).contains("\"code\":\"VALIDATION_FAILED\"").contains(line);
		});
		assertThat(storedReports()).as("nothing stored").isEqualTo(before);
	}

	@Test
	void aHundredThousandRowFileStreamsThroughInBoundedMemory() throws Exception {
		long sale = sale(10, 5);
		int rows = 100_000;
		Instant now = Instant.now();
		java.util.concurrent.atomic.AtomicBoolean streaming = new java.util.concurrent.atomic.AtomicBoolean(true);
		// the file is generated as it is sent: neither side ever holds it whole
		java.util.function.Supplier<java.io.InputStream> file = () -> new java.io.SequenceInputStream(
				new java.util.Enumeration<java.io.InputStream>() {
					int next = -1;

					@Override
					public boolean hasMoreElements() {
						if (this.next >= rows) {
							streaming.set(false);
						}
						return this.next < rows;
					}

					@Override
					public java.io.InputStream nextElement() {
						String line = this.next < 0 ? "providerRef,transactionId,amount,paidAt\n"
								: "prov-" + this.next + ",tx-" + this.next + ",1888," + now + "\n";
						this.next++;
						return new java.io.ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8));
					}
				});
		// the live heap (after a collection) while the rows stream in, against the live heap before:
		// what reading and staging the file holds, apart from the report built afterwards
		java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
		System.gc();
		long baseline = memory.getHeapMemoryUsage().getUsed();
		long[] peak = { baseline };
		int[] samples = { 0 };
		Thread sampler = Thread.ofPlatform().start(() -> {
			while (streaming.get()) {
				System.gc();
				peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
				samples[0]++;
				try {
					Thread.sleep(100);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		long started = System.nanoTime();
		HttpResponse<String> report = reconcile(sale, HttpRequest.BodyPublishers.ofInputStream(file));
		long millis = (System.nanoTime() - started) / 1_000_000;
		streaming.set(false);
		sampler.join();
		long fileBytes = 40L + (long) rows * ("prov-99999,tx-99999,1888,".length() + now.toString().length() + 1);
		assertThat(report.statusCode()).as(report.body().substring(0, Math.min(500, report.body().length()))).isEqualTo(201);
		assertThat((Integer) json(report, "$.quantityDelta")).isEqualTo(rows);
		assertThat((List<Object>) json(report, "$.missingInternal")).hasSize(rows);
		System.out.printf("flash-sale reconciliation: %d rows (about %.1f MB) in %d ms; live heap while streaming at most "
				+ "%.1f MB above the %.1f MB before (%d samples after a GC each; test and service share this JVM)%n", rows,
				fileBytes / 1e6, millis, Math.max(0, peak[0] - baseline) / 1e6, baseline / 1e6, samples[0]);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM flash_settlement_row", Integer.class))
			.as("the staged rows are gone with the finished run").isZero();
	}

	static void assertField(HttpResponse<String> response, String field) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.body()).contains("\"code\":\"VALIDATION_FAILED\"").contains("\"field\":\"" + field + "\"");
	}

	@Test
	void everyRefusalBeforeOrAroundTheControllersIsAProblemWithItsCode() {
		RefusalChecks.assertEveryRefusalIsAProblem(this.port, TestTokens.token("1", "OPS", "SERVICE"),
				"/internal/flash-sales/transactions/1/paid", "/ops/flash-sales/1/reconciliations?page=0");
	}

}
