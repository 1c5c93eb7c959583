package com.promo.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.promo.testsupport.ApiClient;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One promotion from the first call to the last, as its people and upstream systems make them:
 * every public call goes through the gateway; only the upstream systems call the services
 * directly, as API.md has them do (the social graph's follow events on crowd-sync-service's ingest
 * route, the order system on coupon-service's and pricing's {@code /internal} routes).
 * <p>
 * The cast: ops, a merchant (the seller) with one monthly rental, two fans who follow the seller
 * and a passer-by who does not. The merchant's coupon is for its fans only: 200.00 off the first
 * month from 2,500.00, on a listing of 3,000.00 a month that fans rent for 2,700.00.
 */
class JourneySystemIT {

	static final ApiClient gateway = new ApiClient(RunningPlatform.baseUrl("gateway"));

	/** The social graph's way in (API.md "Crowds": the same events over HTTP, same Kafka pipeline). */
	static final ApiClient socialGraph = new ApiClient(RunningPlatform.baseUrl("crowd-sync-service"));

	/** The order system's ways in: coupon redemption and the price check before an order. */
	static final ApiClient orderSystemToCoupons = new ApiClient(RunningPlatform.baseUrl("coupon-service"));

	static final ApiClient orderSystemToPricing = new ApiClient(RunningPlatform.baseUrl("discount-pricing-service"));

	static final long LIST_PRICE = 300_000;

	static final long FAN_PRICE = 270_000;

	static final long DEPOSIT = 50_000;

	static final long AMOUNT_OFF = 20_000;

	static final long THRESHOLD = 250_000;

	static final int STOCK = 100;

	/** Sign-up closes and the activity runs this long after it is created: time for the merchant to sign up. */
	static final Duration SIGNUP_WINDOW = Duration.ofSeconds(20);

	@BeforeAll
	static void startPlatform() throws Exception {
		RunningPlatform.get();
	}

	@Test
	void opsRunsAnActivityAMerchantOffersFansACouponAndAFanClaimsQuotesAndRedeemsIt() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long seller = random.nextLong(1_000_000_000L, 9_000_000_000L);
		long item = random.nextLong(1_000_000_000_000L, 9_000_000_000_000L);
		long fan = random.nextLong(1_000_000_000L, 9_000_000_000L);
		long otherFan = fan + 1;
		long passerBy = fan + 2;
		String ops = token(1, "OPS");
		String merchant = token(seller, "MERCHANT");
		String fanToken = token(fan, "CONSUMER");
		String service = token(0, "SERVICE");
		String fansCrowd = seller + "_all_fans";

		// -- ops creates and publishes a coupon activity whose sign-up is open now
		Instant now = Instant.now();
		Instant running = now.plus(SIGNUP_WINDOW);
		HttpResponse<String> created = gateway.post("/ops/activities", ops, """
				{"title":"Fan week","description":"Followers rent for less","kind":"COUPON","cityIds":["310000"],
				 "couponTypes":["AMOUNT_OFF","FREE_DAYS"],"valueLowerLimit":1000,"valueUpperLimit":50000,
				 "applyStartTime":"%s","applyEndTime":"%s","activityStartTime":"%s","activityEndTime":"%s"}"""
			.formatted(now.minusSeconds(5), running, running, now.plus(Duration.ofDays(7))));
		assertStatus(created, 201);
		assertThat((String) json(created, "$.status")).isEqualTo("DRAFT");
		String activity = json(created, "$.id");
		HttpResponse<String> published = gateway.post("/ops/activities/" + activity + "/publish", ops, null);
		assertStatus(published, 200);
		// every read reports the status the clock implies: published inside its sign-up window
		assertThat((String) json(published, "$.status")).isEqualTo("SIGNUP_OPEN");

		// -- the merchant signs up (once coupon-service has the activity's event)
		HttpResponse<String> signup = await("coupon-service knows activity " + activity).atMost(Duration.ofSeconds(15))
			.until(() -> gateway.post("/merchant/activities/" + activity + "/signups", merchant, null),
					r -> r.statusCode() != 404);
		assertStatus(signup, 201);
		assertThat((String) json(signup, "$.activityId")).isEqualTo(activity);
		assertThat((String) json(signup, "$.merchantId")).isEqualTo(String.valueOf(seller));

		// -- registers its item and sets a fan price on it
		HttpResponse<String> registered = gateway.put("/merchant/items/" + item, merchant, """
				{"title":"Loft by the river","cityId":"310000","listPrice":%d,"priceUnit":"MONTHLY","deposit":%d}"""
			.formatted(LIST_PRICE, DEPOSIT));
		assertStatus(registered, 200);
		assertThat((String) json(registered, "$.sellerId")).isEqualTo(String.valueOf(seller));
		assertThat(money(registered, "$.listPrice")).isEqualTo(LIST_PRICE);
		HttpResponse<String> fanPrice = gateway.put("/merchant/items/" + item + "/fan-prices/ALL_FANS", merchant, """
				{"price":%d,"startTime":"%s","endTime":"%s"}""".formatted(FAN_PRICE, now.minusSeconds(60),
				now.plus(Duration.ofDays(7))));
		assertStatus(fanPrice, 200);
		assertThat((String) json(fanPrice, "$.crowdId")).isEqualTo(fansCrowd);
		assertThat(money(fanPrice, "$.price")).isEqualTo(FAN_PRICE);

		// -- creates a coupon for its fans, enables it and binds it to the item
		HttpResponse<String> template = gateway.post("/merchant/coupon-templates", merchant, """
				{"activityId":"%s","cityId":"310000","type":"AMOUNT_OFF","title":"200 off the first month",
				 "amountOff":%d,"thresholdAmount":%d,"deduction":"FIRST_MONTH","totalStock":%d,"perUserLimit":1,
				 "validity":{"type":"FLOATING","days":30},"audience":{"type":"CROWD","crowdId":"%s"}}"""
			.formatted(activity, AMOUNT_OFF, THRESHOLD, STOCK, fansCrowd));
		assertStatus(template, 201);
		assertThat((String) json(template, "$.status")).isEqualTo("NEW");
		assertThat((String) json(template, "$.merchantId")).isEqualTo(String.valueOf(seller));
		assertThat((Integer) json(template, "$.claimedCount")).isZero();
		String templateId = json(template, "$.id");
		HttpResponse<String> enabled = gateway.post("/merchant/coupon-templates/" + templateId + "/enable", merchant, null);
		assertStatus(enabled, 200);
		assertThat((String) json(enabled, "$.status")).isEqualTo("ENABLED");
		// coupon-service learns of the item from pricing's item event: until then the listing is unknown to it
		HttpResponse<String> bound = await("coupon-service knows listing " + item).atMost(Duration.ofSeconds(30))
			.until(() -> gateway.post("/merchant/coupon-templates/" + templateId + "/bindings", merchant,
					"{\"listingIds\":[\"" + item + "\"]}"), r -> r.statusCode() != 200 || !r.body().contains("NOT_FOUND"));
		assertStatus(bound, 200);
		assertThat((List<String>) json(bound, "$.bound")).containsExactly(String.valueOf(item));
		assertThat((List<?>) json(bound, "$.rejected")).isEmpty();

		// -- two consumers follow the seller: the social graph's events, sent as an upstream system sends them
		HttpResponse<String> follows = socialGraph.post("/internal/events/follow", service, "[%s,%s]"
			.formatted(followEvent(fan, seller), followEvent(otherFan, seller)));
		assertStatus(follows, 202);

		// -- the fans see the fan price once crowd-sync has written their membership; nobody else does
		for (long user : new long[] { fan, otherFan }) {
			await("fan " + user + " sees the fan price").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				HttpResponse<String> prices = gateway.get("/api/prices?itemIds=" + item, token(user, "CONSUMER"));
				assertStatus(prices, 200);
				assertThat((String) json(prices, "$.items[0].itemId")).isEqualTo(String.valueOf(item));
				assertThat(money(prices, "$.items[0].listPrice")).isEqualTo(LIST_PRICE);
				assertThat(money(prices, "$.items[0].price")).isEqualTo(FAN_PRICE);
				assertThat((String) json(prices, "$.items[0].crowdId")).isEqualTo(fansCrowd);
				assertThat(money(prices, "$.items[0].savings")).isEqualTo(LIST_PRICE - FAN_PRICE);
			});
		}
		HttpResponse<String> strangersPrice = gateway.get("/api/prices?itemIds=" + item, token(passerBy, "CONSUMER"));
		assertStatus(strangersPrice, 200);
		assertThat(money(strangersPrice, "$.items[0].price")).isEqualTo(LIST_PRICE);
		assertThat((String) json(strangersPrice, "$.items[0].crowdId")).isNull();
		assertThat(money(strangersPrice, "$.items[0].savings")).isZero();

		// -- the activity starts running by the clock; claim-service has the template from its event
		await("activity " + activity + " running").atMost(SIGNUP_WINDOW.plusSeconds(30))
			.until(() -> "RUNNING".equals(json(gateway.get("/api/activities/" + activity, null), "$.status")));
		await("claim-service knows template " + templateId).atMost(Duration.ofSeconds(60))
			.until(() -> gateway.get("/ops/coupon-templates/" + templateId + "/stock", ops).statusCode() == 200);

		// -- anyone sees the coupon on the listing now that it can be claimed
		HttpResponse<String> onListing = gateway.get("/api/listings/" + item + "/coupons", null);
		assertStatus(onListing, 200);
		assertThat((List<String>) json(onListing, "$.items[*].id")).containsExactly(templateId);
		assertThat((String) json(onListing, "$.items[0].audience.crowdId")).isEqualTo(fansCrowd);

		// -- the fan claims it; the claim settles to ISSUED with a wallet coupon
		HttpResponse<String> claimed = gateway.post("/api/coupon-templates/" + templateId + "/claims", fanToken, null,
				"Idempotency-Key", UUID.randomUUID().toString());
		assertStatus(claimed, 201);
		assertThat((String) json(claimed, "$.status")).isEqualTo("ACCEPTED");
		assertThat((String) json(claimed, "$.templateId")).isEqualTo(templateId);
		assertThat((String) json(claimed, "$.userId")).isEqualTo(String.valueOf(fan));
		String claimId = json(claimed, "$.claimId");
		HttpResponse<String> issued = await("claim " + claimId + " settled").atMost(Duration.ofSeconds(60))
			.until(() -> gateway.get("/api/claims/" + claimId, fanToken),
					r -> r.statusCode() == 200 && !"ACCEPTED".equals(json(r, "$.status")));
		assertThat((String) json(issued, "$.status")).as(issued.body()).isEqualTo("ISSUED");
		String couponId = json(issued, "$.couponId");
		assertThat(couponId).isNotBlank();

		// -- the passer-by is not in the coupon's audience
		HttpResponse<String> refused = gateway.post("/api/coupon-templates/" + templateId + "/claims",
				token(passerBy, "CONSUMER"), null, "Idempotency-Key", UUID.randomUUID().toString());
		assertProblem(refused, 422, "NOT_CLAIMABLE");

		// -- ops sees one unit issued and none pending (the ledger hears of the issue asynchronously)
		await("stock of " + templateId + " shows the issue").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			HttpResponse<String> stock = gateway.get("/ops/coupon-templates/" + templateId + "/stock", ops);
			assertStatus(stock, 200);
			assertThat(money(stock, "$.total")).isEqualTo(STOCK);
			assertThat(money(stock, "$.issued")).isEqualTo(1);
			assertThat(money(stock, "$.pending")).isZero();
			assertThat(money(stock, "$.remaining")).isEqualTo(STOCK - 1);
		});

		// -- the coupon is in the fan's wallet, unused, valid 30 days from the claim
		HttpResponse<String> wallet = gateway.get("/api/me/coupons", fanToken);
		assertStatus(wallet, 200);
		assertThat((Integer) json(wallet, "$.total")).isEqualTo(1);
		assertThat((String) json(wallet, "$.items[0].id")).isEqualTo(couponId);
		assertThat((String) json(wallet, "$.items[0].templateId")).isEqualTo(templateId);
		assertThat((String) json(wallet, "$.items[0].claimId")).isEqualTo(claimId);
		assertThat((String) json(wallet, "$.items[0].status")).isEqualTo("UNUSED");
		assertThat((String) json(wallet, "$.items[0].orderId")).isNull();
		assertThat(Duration.between(Instant.parse(json(wallet, "$.items[0].validFrom")),
				Instant.parse(json(wallet, "$.items[0].validUntil"))))
			.isEqualTo(Duration.ofDays(30));

		// -- the fan quotes a month's rent with it: the fan price, 200.00 off, the deposit apart
		HttpResponse<String> quote = gateway.post("/api/quotes", fanToken, """
				{"items":[{"itemId":"%d","quantity":1}],"couponId":"%s","leaseMonths":12}""".formatted(item, couponId));
		assertStatus(quote, 200);
		assertThat((String) json(quote, "$.lines[0].itemId")).isEqualTo(String.valueOf(item));
		assertThat((Integer) json(quote, "$.lines[0].quantity")).isEqualTo(1);
		assertThat(money(quote, "$.lines[0].listPrice")).isEqualTo(LIST_PRICE);
		assertThat(money(quote, "$.lines[0].unitPrice")).isEqualTo(FAN_PRICE);
		assertThat((String) json(quote, "$.lines[0].crowdId")).isEqualTo(fansCrowd);
		assertThat(money(quote, "$.lines[0].lineTotal")).isEqualTo(FAN_PRICE);
		assertThat(money(quote, "$.subtotal")).isEqualTo(FAN_PRICE);
		assertThat((String) json(quote, "$.coupon.couponId")).isEqualTo(couponId);
		assertThat((String) json(quote, "$.coupon.type")).isEqualTo("AMOUNT_OFF");
		assertThat(money(quote, "$.coupon.discount")).isEqualTo(AMOUNT_OFF);
		assertThat(money(quote, "$.discount")).isEqualTo(AMOUNT_OFF);
		assertThat(money(quote, "$.deposit")).isEqualTo(DEPOSIT);
		assertThat(money(quote, "$.total")).isEqualTo(FAN_PRICE - AMOUNT_OFF);
		assertThat((Boolean) json(quote, "$.couponsUnavailable")).isFalse();

		// -- the order system re-checks the fan price against the relation store, then locks the coupon
		HttpResponse<String> verified = orderSystemToPricing.post("/internal/prices/verify", service,
				"{\"userId\":\"%d\",\"itemId\":\"%d\",\"price\":%d}".formatted(fan, item, FAN_PRICE));
		assertStatus(verified, 200);
		assertThat((Boolean) json(verified, "$.eligible")).isTrue();
		assertThat(money(verified, "$.price")).isEqualTo(FAN_PRICE);
		String order = "order-" + UUID.randomUUID();
		HttpResponse<String> locked = orderSystemToCoupons.post("/internal/coupons/" + couponId + "/lock", service,
				"{\"userId\":\"%d\",\"orderId\":\"%s\",\"orderAmount\":%d,\"listingId\":\"%d\"}".formatted(fan, order,
						FAN_PRICE, item));
		assertStatus(locked, 200);
		assertThat((String) json(locked, "$.couponId")).isEqualTo(couponId);
		assertThat((String) json(locked, "$.orderId")).isEqualTo(order);
		assertThat((String) json(locked, "$.status")).isEqualTo("LOCKED");
		assertThat(money(locked, "$.discount")).as("the lock gives what the quote promised").isEqualTo(AMOUNT_OFF);
		assertWalletHolds(fanToken, "LOCKED", couponId, order);

		// -- the order is paid: the order system confirms the coupon, which is used for good
		HttpResponse<String> confirmed = orderSystemToCoupons.post("/internal/orders/" + order + "/coupon/confirm",
				service, null);
		assertStatus(confirmed, 200);
		assertThat((String) json(confirmed, "$.id")).isEqualTo(couponId);
		assertThat((String) json(confirmed, "$.status")).isEqualTo("USED");
		assertThat((String) json(confirmed, "$.orderId")).isEqualTo(order);
		assertWalletHolds(fanToken, "USED", couponId, order);
		assertThat((Integer) json(gateway.get("/api/me/coupons?status=UNUSED", fanToken), "$.total")).isZero();

		// -- a later quote finds no coupon left to apply: the fan price alone
		HttpResponse<String> after = gateway.post("/api/quotes", fanToken, """
				{"items":[{"itemId":"%d","quantity":1}],"couponId":null,"leaseMonths":12}""".formatted(item));
		assertStatus(after, 200);
		assertThat((Object) json(after, "$.coupon")).isNull();
		assertThat(money(after, "$.discount")).isZero();
		assertThat(money(after, "$.total")).isEqualTo(FAN_PRICE);
	}

	/** The wallet, filtered by {@code status}, holds exactly that coupon for that order. */
	static void assertWalletHolds(String consumer, String status, String couponId, String order) {
		HttpResponse<String> wallet = gateway.get("/api/me/coupons?status=" + status, consumer);
		assertStatus(wallet, 200);
		assertThat((Integer) json(wallet, "$.total")).as(wallet.body()).isEqualTo(1);
		assertThat((String) json(wallet, "$.items[0].id")).isEqualTo(couponId);
		assertThat((String) json(wallet, "$.items[0].status")).isEqualTo(status);
		assertThat((String) json(wallet, "$.items[0].orderId")).isEqualTo(order);
	}

	static String followEvent(long user, long seller) {
		return """
				{"eventId":"%s","type":"FOLLOW","userId":"%d","sellerId":"%d","occurredAt":"%s"}"""
			.formatted(UUID.randomUUID(), user, seller, Instant.now());
	}

	static String token(long subject, String role) {
		return TestTokens.sign(RunningPlatform.JWT_SECRET, String.valueOf(subject), Instant.now().plusSeconds(3600), role);
	}

	static long money(HttpResponse<String> response, String path) {
		return ((Number) json(response, path)).longValue();
	}

	static void assertStatus(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as("%s %s: %s", response.request().method(), response.request().uri(),
				response.body()).isEqualTo(status);
	}

	static void assertProblem(HttpResponse<String> response, int status, String code) {
		assertStatus(response, status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat((String) json(response, "$.code")).isEqualTo(code);
	}

}
