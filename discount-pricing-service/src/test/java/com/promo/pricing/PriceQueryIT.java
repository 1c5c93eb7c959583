package com.promo.pricing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /api/prices}: the price rule over real Redis memberships, the near cache, one Redis command. */
class PriceQueryIT extends PricingTestBase {

	HttpResponse<String> prices(String token, long... itemIds) {
		return api().get("/api/prices?itemIds="
				+ LongStream.of(itemIds).mapToObj(String::valueOf).collect(Collectors.joining(",")), token);
	}

	/** {@code count} items with all three fan prices, written straight to the database (as many sellers). */
	List<Long> itemsWithThreeFanPrices(int count) {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long id = newId();
			long seller = newId();
			this.jdbc.update("""
					INSERT INTO item (id, seller_id, title, city_id, list_price, price_unit, deposit, version,
					  rules_version, created_at, updated_at)
					VALUES (?, ?, 'Bulk', '310000', 2000, 'ONE_TIME', 0, 1, 3, NOW(6), NOW(6))""", id, seller);
			for (String type : List.of("ALL_FANS", "OLD_FANS", "BUY_FANS")) {
				this.jdbc.update("INSERT INTO fan_price (item_id, crowd_type, price, updated_at) VALUES (?, ?, ?, NOW(6))",
						id, type, 1000 + ids.size() % 500);
			}
			ids.add(id);
		}
		return ids;
	}

	@Test
	void anonymousCallersSeeListPricesAndUnknownItemsAreListedNotFailed() {
		long itemId = fanItem(2000, "ALL_FANS", 1500).itemId();
		long unknown = newId();

		HttpResponse<String> response = prices(null, itemId, unknown);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat((String) json(response, "$.items[0].itemId")).isEqualTo(String.valueOf(itemId));
		assertThat((Integer) json(response, "$.items[0].price")).isEqualTo(2000);
		assertThat((Integer) json(response, "$.items[0].listPrice")).isEqualTo(2000);
		assertThat((Integer) json(response, "$.items[0].savings")).isZero();
		assertThat((Object) json(response, "$.items[0].crowdId")).isNull();
		assertThat((List<String>) json(response, "$.unknownItemIds")).containsExactly(String.valueOf(unknown));
		assertThat((String) json(response, "$.asOf")).isNotBlank();
		assertThat(prices("not-a-token", itemId).statusCode()).as("an invalid token is still refused").isEqualTo(401);
	}

	@Test
	void aBuyerSeesForEachItemTheLowestPriceOfTheCrowdsTheyBelongTo() {
		long sellerA = newId();
		long sellerB = newId();
		long a = item(sellerA, 2000);
		long b = item(sellerB, 1000);
		long plain = item(sellerB, 700);
		fanPrice(sellerA, a, "ALL_FANS", 1800);
		fanPrice(sellerA, a, "OLD_FANS", 1600);
		fanPrice(sellerB, b, "BUY_FANS", 900);
		long user = newId();
		memberInRedis(user, sellerA + "_all_fans");
		memberInRedis(user, sellerB + "_buy_fans");

		HttpResponse<String> response = prices(consumer(user), a, b, plain);

		assertThat((List<Integer>) json(response, "$.items[*].price")).containsExactly(1800, 900, 700);
		assertThat((List<String>) json(response, "$.items[*].crowdId")).containsExactly(sellerA + "_all_fans",
				sellerB + "_buy_fans", null);
		assertThat((List<Integer>) json(response, "$.items[*].savings")).containsExactly(200, 100, 0);

		memberInRedis(user, sellerA + "_old_fans");
		assertThat((Integer) json(prices(consumer(user), a), "$.items[0].price")).as("membership is read per request")
			.isEqualTo(1600);
		assertThat((Integer) json(prices(TestTokens.token(String.valueOf(user), "MERCHANT"), a), "$.items[0].price"))
			.as("a merchant's token is no buyer's").isEqualTo(2000);
		assertThat(api().get("/actuator/prometheus", null).body()).contains("promo_prices_query_seconds_count");
	}

	@Test
	void anExpiredMembershipFieldCountsAsNoMembership() {
		FanItem f = fanItem(2000, "OLD_FANS", 1500);
		long itemId = f.itemId();
		long user = f.user();
		memberInRedis(user, f.seller() + "_old_fans", Instant.now().minusSeconds(5));

		assertThat((Integer) json(prices(consumer(user), itemId), "$.items[0].price")).isEqualTo(2000);

		memberInRedis(user, f.seller() + "_old_fans", Instant.now().plusSeconds(60));
		assertThat((Integer) json(prices(consumer(user), itemId), "$.items[0].price")).isEqualTo(1500);
	}

	@Test
	void theBuyersMembershipsAreReadWithExactlyOneRedisCommandWhateverTheItemCount() {
		List<Long> hundred = itemsWithThreeFanPrices(100);
		long user = newId();
		RedisCommandCounter counter = RedisCommandCounter.Installed.COUNTER;
		for (int count : new int[] { 1, 20, 100 }) {
			long[] ids = hundred.subList(0, count).stream().mapToLong(Long::longValue).toArray();
			assertThat(prices(consumer(user), ids).statusCode()).isEqualTo(200); // warms the near cache
			counter.commandsSoFar(this.redis); // the warm-up's commands all reported, then forgotten
			counter.reset();

			HttpResponse<String> response = prices(consumer(user), ids);

			assertThat((List<?>) json(response, "$.items")).hasSize(count);
			assertThat(counter.commandsSoFar(this.redis))
				.as("Redis commands for %d items (%d candidate crowds)", count, 3 * count)
				.containsExactly("HMGET");
			counter.reset();
		}
		prices(null, hundred.stream().mapToLong(Long::longValue).toArray());
		assertThat(counter.commandsSoFar(this.redis)).as("an anonymous caller costs no Redis command").isEmpty();
	}

	@Test
	void warmPricesComeFromMemoryAndAnItemEventEvictsThem() {
		FanItem f = fanItem(2000, "ALL_FANS", 1500);
		long itemId = f.itemId();
		long user = f.user();
		// behind the service's back: no event, so the near cache keeps answering what it holds. The
		// set-up's own events evict the item once, whenever they arrive: try again until they have.
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.jdbc.update("UPDATE fan_price SET price = 1500 WHERE item_id = ?", itemId);
			assertThat((Integer) json(prices(consumer(user), itemId), "$.items[0].price")).isEqualTo(1500);
			this.jdbc.update("UPDATE fan_price SET price = 1100 WHERE item_id = ?", itemId);
			assertThat((Integer) json(prices(consumer(user), itemId), "$.items[0].price")).isEqualTo(1500);
		});

		fanPrice(f.seller(), itemId, "OLD_FANS", 1400); // a change through the service evicts the item
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat((Integer) json(prices(consumer(user), itemId), "$.items[0].price"))
				.isEqualTo(1100));
	}

	@Test
	void badQueriesAreRefusedNamingItemIds() {
		String token = consumer(newId());
		String hundredAndOne = LongStream.rangeClosed(1, 101).mapToObj(String::valueOf).collect(Collectors.joining(","));

		for (String query : List.of(hundredAndOne, "1,two,3", "1,,2", "", "-1", "99999999999999999999")) {
			HttpResponse<String> response = api().get("/api/prices?itemIds=" + query, token);
			assertThat(response.statusCode()).as(query).isEqualTo(400);
			assertThat((List<String>) json(response, "$.errors[*].field")).as(query).containsExactly("itemIds");
		}
		assertThat((List<String>) json(api().get("/api/prices", token), "$.errors[*].field")).containsExactly("itemIds");
		String hundred = LongStream.rangeClosed(1, 100).mapToObj(String::valueOf).collect(Collectors.joining(","));
		assertThat(api().get("/api/prices?itemIds=" + hundred, token).statusCode()).isEqualTo(200);
	}

}
