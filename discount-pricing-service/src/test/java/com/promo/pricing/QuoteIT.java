package com.promo.pricing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/quotes}: buyer's prices, wallet coupons with their terms, and a wallet that is down or slow. */
class QuoteIT extends PricingTestBase {

	static String coupon(long id, long merchant, String type, String value, long threshold, String deduction,
			Instant validUntil) {
		return """
				{"id":"%d","templateId":"77","status":"UNUSED","validFrom":"2020-01-01T00:00:00Z","validUntil":"%s",
				 "merchantId":"%d","cityId":"310000","type":"%s",%s"thresholdAmount":%d,"deduction":"%s"}"""
			.formatted(id, validUntil, merchant, type, value.isEmpty() ? "" : value + ",", threshold, deduction);
	}

	static String coupon(long id, long merchant, String type, String value) {
		return coupon(id, merchant, type, value, 0, "FIRST_MONTH", Instant.now().plus(Duration.ofDays(30)));
	}

	HttpResponse<String> quote(long user, String body) {
		return api().post("/api/quotes", consumer(user), body);
	}

	record Flat(long seller, long itemId, long user) {
	}

	/** A monthly flat at 300000 (deposit 20000) whose all-fans price 280000 the buyer is entitled to. */
	Flat flatWithFanPrice() {
		long seller = newId();
		long itemId = item(seller, 300000, "MONTHLY", 20000);
		fanPrice(seller, itemId, "ALL_FANS", 280000);
		long user = newId();
		memberInRedis(user, seller + "_all_fans");
		return new Flat(seller, itemId, user);
	}

	@Test
	void aQuotePricesEachLineForTheBuyerAndAppliesTheWalletCouponWorthMost() {
		Flat f = flatWithFanPrice();
		long other = newId();
		long otherItem = item(other, 5000);
		WALLETS.put(String.valueOf(f.user()), List.of(
				coupon(1, f.seller(), "AMOUNT_OFF", "\"amountOff\":30000", 300000, "FIRST_MONTH",
						Instant.now().plus(Duration.ofDays(3))), // 280000 + nothing else of this seller: threshold missed
				coupon(2, f.seller(), "PERCENT_OFF", "\"percentOff\":10,\"maxDiscount\":20000"), // 20000
				coupon(3, f.seller(), "FREE_DAYS", "\"freeDays\":3"), // 280000 x 3 / 30 = 28000
				coupon(4, f.seller(), "DEPOSIT_FREE", ""), // waives 20000
				coupon(5, other, "AMOUNT_OFF", "\"amountOff\":4000"), // the other seller's line: 4000
				coupon(6, f.seller(), "AMOUNT_OFF", "\"amountOff\":99000", 0, "FIRST_MONTH",
						Instant.now().minusSeconds(1)))); // expired

		HttpResponse<String> response = quote(f.user(), """
				{"items":[{"itemId":"%d","quantity":1},{"itemId":"%d","quantity":2}],"couponId":null,"leaseMonths":12}"""
			.formatted(f.itemId(), otherItem));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat((List<Integer>) json(response, "$.lines[*].unitPrice")).containsExactly(280000, 5000);
		assertThat((List<Integer>) json(response, "$.lines[*].listPrice")).containsExactly(300000, 5000);
		assertThat((List<String>) json(response, "$.lines[*].crowdId")).containsExactly(f.seller() + "_all_fans", null);
		assertThat((List<Integer>) json(response, "$.lines[*].lineTotal")).containsExactly(280000, 10000);
		assertThat((Integer) json(response, "$.subtotal")).isEqualTo(290000);
		assertThat((String) json(response, "$.coupon.couponId")).isEqualTo("3");
		assertThat((String) json(response, "$.coupon.type")).isEqualTo("FREE_DAYS");
		assertThat((Integer) json(response, "$.coupon.discount")).isEqualTo(28000);
		assertThat((Integer) json(response, "$.discount")).isEqualTo(28000);
		assertThat((Integer) json(response, "$.deposit")).isEqualTo(20000);
		assertThat((Integer) json(response, "$.total")).isEqualTo(262000);
		assertThat((Boolean) json(response, "$.couponsUnavailable")).isFalse();
	}

	@Test
	void aGivenCouponIsAppliedAndSpreadMonthlyOverTheLease() {
		Flat f = flatWithFanPrice();
		WALLETS.put(String.valueOf(f.user()), List.of(
				coupon(11, f.seller(), "AMOUNT_OFF", "\"amountOff\":30000", 0, "SPREAD_MONTHLY",
						Instant.now().plus(Duration.ofDays(30))),
				coupon(12, f.seller(), "DEPOSIT_FREE", "")));

		HttpResponse<String> spread = quote(f.user(),
				"{\"items\":[{\"itemId\":\"%d\",\"quantity\":1}],\"couponId\":\"11\",\"leaseMonths\":12}".formatted(f.itemId()));
		assertThat(spread.statusCode()).as(spread.body()).isEqualTo(200);
		assertThat((Integer) json(spread, "$.coupon.discount")).isEqualTo(30000);
		assertThat((Integer) json(spread, "$.monthlyDiscount")).isEqualTo(2500);
		assertThat((Integer) json(spread, "$.discount")).isEqualTo(2500);
		assertThat((Integer) json(spread, "$.total")).isEqualTo(277500);

		HttpResponse<String> depositFree = quote(f.user(),
				"{\"items\":[{\"itemId\":\"%d\",\"quantity\":2}],\"couponId\":\"12\"}".formatted(f.itemId()));
		assertThat((Integer) json(depositFree, "$.deposit")).isZero();
		assertThat((Integer) json(depositFree, "$.coupon.depositWaived")).isEqualTo(40000);
		assertThat((Integer) json(depositFree, "$.total")).isEqualTo(560000);
		assertThat((Object) json(depositFree, "$.monthlyDiscount")).isNull();
	}

	@Test
	void someoneElsesCouponIsNotFoundAndAnInapplicableOneIsRefused() {
		Flat f = flatWithFanPrice();
		long stranger = newId();
		WALLETS.put(String.valueOf(stranger), List.of(coupon(21, f.seller(), "AMOUNT_OFF", "\"amountOff\":100")));
		WALLETS.put(String.valueOf(f.user()), List.of(coupon(22, newId(), "AMOUNT_OFF", "\"amountOff\":100")));
		String body = "{\"items\":[{\"itemId\":\"%d\",\"quantity\":1}],\"couponId\":\"%d\"}";

		HttpResponse<String> foreign = quote(f.user(), body.formatted(f.itemId(), 21));
		assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(404);
		assertThat((String) json(foreign, "$.code")).isEqualTo("NOT_FOUND");
		HttpResponse<String> otherSeller = quote(f.user(), body.formatted(f.itemId(), 22));
		assertThat(otherSeller.statusCode()).as(otherSeller.body()).isEqualTo(422);
		assertThat((String) json(otherSeller, "$.code")).isEqualTo("INVALID_STATE");
		HttpResponse<String> none = quote(f.user(), body.formatted(f.itemId(), 22).replace("\"22\"", "null"));
		assertThat((Object) json(none, "$.coupon")).as("no applicable coupon").isNull();
		assertThat((Integer) json(none, "$.total")).isEqualTo(280000);
	}

	@Test
	void whenTheWalletIsStoppedOrSlowTheQuoteAnswersWithoutCouponsAndSaysSo() {
		Flat f = flatWithFanPrice();
		WALLETS.put(String.valueOf(f.user()), List.of(coupon(31, f.seller(), "AMOUNT_OFF", "\"amountOff\":1000")));
		String best = "{\"items\":[{\"itemId\":\"%d\",\"quantity\":1}]}".formatted(f.itemId());
		String given = "{\"items\":[{\"itemId\":\"%d\",\"quantity\":1}],\"couponId\":\"31\"}".formatted(f.itemId());
		assertThat((Integer) json(quote(f.user(), best), "$.discount")).isEqualTo(1000);

		WALLET.stop();
		for (String body : List.of(best, given)) {
			HttpResponse<String> response = quote(f.user(), body);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			assertThat((Boolean) json(response, "$.couponsUnavailable")).isTrue();
			assertThat((Object) json(response, "$.coupon")).isNull();
			assertThat((Integer) json(response, "$.total")).isEqualTo(280000);
			assertThat((List<Integer>) json(response, "$.lines[*].unitPrice")).containsExactly(280000);
		}

		WALLET.up();
		this.breakers.circuitBreaker("wallet").reset();
		// slower than the socket's read timeout too (limit + 1 s): only the time limiter tells them apart
		WALLET.answerAfter(Duration.ofSeconds(3));
		Queue<Throwable> failures = failuresOf("wallet");
		int callsBefore = WALLET.calls();
		HttpResponse<String> slow = quote(f.user(), best);
		assertThat((Boolean) json(slow, "$.couponsUnavailable")).as(slow.body()).isTrue();
		assertThat(WALLET.calls()).as("the call reached the slow wallet").isEqualTo(callsBefore + 1);
		assertThat(failures).as("the breaker's failures: the time limiter's cut-off, not a read timeout")
			.singleElement()
			.isInstanceOf(TimeoutException.class);
	}

	@Test
	void badQuotesAreRefusedNamingTheField() {
		long user = newId();
		long seller = newId();
		long itemId = item(seller, 1000);

		assertThat((List<String>) json(quote(user, "{\"items\":[]}"), "$.errors[*].field")).containsExactly("items");
		assertThat((List<String>) json(quote(user, """
				{"items":[{"itemId":"x","quantity":0},{"itemId":"%d","quantity":1},{"itemId":"%d","quantity":101}],
				 "couponId":"abc","leaseMonths":0}""".formatted(itemId, itemId)), "$.errors[*].field"))
			.containsExactlyInAnyOrder("items[0].itemId", "items[0].quantity", "items[2].itemId", "items[2].quantity",
					"couponId", "leaseMonths");
		HttpResponse<String> unknown = quote(user, "{\"items\":[{\"itemId\":\"%d\",\"quantity\":1}]}".formatted(newId()));
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat((List<String>) json(unknown, "$.errors[*].field")).containsExactly("items[0].itemId");
		assertThat(api().post("/api/quotes", merchant(seller), "{}").statusCode()).isEqualTo(403);
		assertThat(api().post("/api/quotes", null, "{}").statusCode()).isEqualTo(401);
	}

}
