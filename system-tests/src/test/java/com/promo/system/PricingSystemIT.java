package com.promo.system;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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
 * Fan prices end to end, over HTTP only: a merchant's item and fan price through the gateway, a
 * follow event into crowd-sync-service, the buyer's lowest price read through the crowd
 * membership crowd-sync wrote to the Redis Cluster, the order system's strong verification against
 * crowd-sync's relation store, and a quote with coupon-service's wallet behind it.
 */
class PricingSystemIT {

	@BeforeAll
	static void startPlatform() throws Exception {
		RunningPlatform.get();
	}

	static String token(String subject, String role) {
		return TestTokens.sign(RunningPlatform.JWT_SECRET, subject, Instant.now().plusSeconds(600), role);
	}

	/** Requests to absolute URLs: the test talks to the gateway and to services directly. */
	static HttpResponse<String> send(String method, String url, String token, String json) {
		return new ApiClient("").send(method, url, token, json);
	}

	@Test
	void aFollowerSeesTheFanPriceAndTheOrderSystemCanProveIt() throws Exception {
		String gateway = RunningPlatform.baseUrl("gateway");
		long seller = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
		long itemId = ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_000_000_000_000L);
		long user = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
		String merchant = token(String.valueOf(seller), "MERCHANT");
		String buyer = token(String.valueOf(user), "CONSUMER");
		String service = token("0", "SERVICE");

		HttpResponse<String> item = send("PUT", gateway + "/merchant/items/" + itemId, merchant,
				"{\"title\":\"Loft\",\"cityId\":\"310000\",\"listPrice\":300000,\"priceUnit\":\"MONTHLY\",\"deposit\":50000}");
		assertThat(item.statusCode()).as(item.body()).isEqualTo(200);
		HttpResponse<String> fanPrice = send("PUT", gateway + "/merchant/items/" + itemId + "/fan-prices/ALL_FANS",
				merchant, "{\"price\":270000}");
		assertThat(fanPrice.statusCode()).as(fanPrice.body()).isEqualTo(200);
		String prices = gateway + "/api/prices?itemIds=" + itemId;
		assertThat((Integer) json(send("GET", prices, buyer, null), "$.items[0].price")).as("not a fan yet")
			.isEqualTo(300000);

		HttpResponse<String> follow = send("POST", RunningPlatform.baseUrl("crowd-sync-service") + "/internal/events/follow",
				service, "{\"eventId\":\"%s\",\"type\":\"FOLLOW\",\"userId\":\"%d\",\"sellerId\":\"%d\",\"occurredAt\":\"%s\"}"
					.formatted(UUID.randomUUID(), user, seller, Instant.now()));
		assertThat(follow.statusCode()).as(follow.body()).isEqualTo(202);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			HttpResponse<String> mine = send("GET", prices, buyer, null);
			assertThat((Integer) json(mine, "$.items[0].price")).as(mine.body()).isEqualTo(270000);
			assertThat((String) json(mine, "$.items[0].crowdId")).isEqualTo(seller + "_all_fans");
		});
		assertThat((Integer) json(send("GET", prices, null, null), "$.items[0].price")).as("anonymous").isEqualTo(300000);

		String verify = RunningPlatform.baseUrl("discount-pricing-service") + "/internal/prices/verify";
		HttpResponse<String> proven = send("POST", verify, service,
				"{\"userId\":\"%d\",\"itemId\":\"%d\",\"price\":270000}".formatted(user, itemId));
		assertThat(proven.statusCode()).as(proven.body()).isEqualTo(200);
		assertThat((Boolean) json(proven, "$.eligible")).isTrue();
		HttpResponse<String> stranger = send("POST", verify, service,
				"{\"userId\":\"%d\",\"itemId\":\"%d\",\"price\":270000}".formatted(user + 1, itemId));
		assertThat((Boolean) json(stranger, "$.eligible")).isFalse();
		assertThat((Integer) json(stranger, "$.price")).isEqualTo(300000);

		HttpResponse<String> quote = send("POST", gateway + "/api/quotes", buyer,
				"{\"items\":[{\"itemId\":\"%d\",\"quantity\":1}],\"couponId\":null,\"leaseMonths\":12}".formatted(itemId));
		assertThat(quote.statusCode()).as(quote.body()).isEqualTo(200);
		assertThat((Integer) json(quote, "$.lines[0].unitPrice")).isEqualTo(270000);
		assertThat((Integer) json(quote, "$.deposit")).isEqualTo(50000);
		assertThat((Boolean) json(quote, "$.couponsUnavailable")).as("the real wallet answered").isFalse();
		assertThat((Integer) json(quote, "$.total")).isEqualTo(270000);
		assertThat(send("POST", gateway + "/internal/prices/verify", service, "{}").statusCode())
			.as("the gateway hides /internal").isEqualTo(404);
	}

}
