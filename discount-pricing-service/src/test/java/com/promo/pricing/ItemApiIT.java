package com.promo.pricing;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.promo.contracts.EventCodec;
import com.promo.contracts.EventEnvelope;
import com.promo.contracts.Topic;
import com.promo.contracts.item.ItemChanged;
import com.promo.contracts.pricing.FanPriceChanged;
import com.promo.testsupport.RefusalChecks;
import com.promo.testsupport.TestTokens;
import com.promo.testsupport.TopicRecorder;
import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Items and fan prices over HTTP: ownership, validation, and their events on promo.item-events. */
class ItemApiIT extends PricingTestBase {

	int rows(String table, long itemId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE " + (table.equals("item") ? "id" : "item_id")
				+ " = ?", Integer.class, itemId);
	}

	static void assertInvalid(HttpResponse<String> response, String... fields) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat((String) json(response, "$.code")).isEqualTo("VALIDATION_FAILED");
		assertThat((List<String>) json(response, "$.errors[*].field")).contains(fields);
	}

	@Test
	void theFirstMerchantOwnsTheItemAndEveryChangeIsPublishedWithAHigherVersion() {
		long seller = newId();
		long other = newId();
		long itemId = newId();
		String path = "/merchant/items/" + itemId;

		HttpResponse<String> created = api().put(path, merchant(seller), itemJson(300000, "MONTHLY", 50000));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
		assertThat((String) json(created, "$.sellerId")).isEqualTo(String.valueOf(seller));
		assertThat((Integer) json(created, "$.version")).isEqualTo(1);
		assertThat((Integer) json(api().put(path, merchant(seller), itemJson(300000, "MONTHLY", 50000)), "$.version"))
			.as("the same content again changes nothing").isEqualTo(1);
		HttpResponse<String> changed = api().put(path, merchant(seller), itemJson(280000, "MONTHLY", 50000));
		assertThat((Integer) json(changed, "$.version")).isEqualTo(2);

		HttpResponse<String> taken = api().put(path, merchant(other), itemJson(1, "ONE_TIME", 0));
		assertThat(taken.statusCode()).isEqualTo(403);
		assertThat((String) json(taken, "$.code")).isEqualTo("FORBIDDEN");
		assertThat(this.jdbc.queryForObject("SELECT list_price FROM item WHERE id = ?", Long.class, itemId))
			.isEqualTo(280000);

		try (TopicRecorder recorder = new TopicRecorder(Topic.ITEM_EVENTS.wireName())) {
			List<EventEnvelope> events = recorder.await(e -> e.key().equals(String.valueOf(itemId)),
					seen -> seen.size() >= 2, Duration.ofSeconds(20));
			assertThat(events).extracting(EventEnvelope::type).containsExactly("ItemChanged", "ItemChanged");
			ItemChanged last = EventCodec.payload(events.get(1), ItemChanged.TYPE);
			assertThat(last.item().version()).isEqualTo(2);
			assertThat(last.item().sellerId()).isEqualTo(String.valueOf(seller));
			assertThat(last.item().listPrice()).isEqualTo(280000);
			assertThat(last.item().deposit()).isEqualTo(50000);
		}
	}

	@Test
	void aMerchantListsItsOwnItemsOnlyPageByPageNewestChangeFirst() {
		long seller = newId();
		long other = newId();
		long first = item(seller, 1000);
		long second = item(seller, 2000);
		long third = item(seller, 3000);
		item(other, 4000);

		HttpResponse<String> page0 = api().get("/merchant/items?page=0&size=2", merchant(seller));
		assertThat(page0.statusCode()).as(page0.body()).isEqualTo(200);
		assertThat((Integer) json(page0, "$.total")).isEqualTo(3);
		assertThat((Integer) json(page0, "$.size")).isEqualTo(2);
		assertThat((List<String>) json(page0, "$.items[*].itemId"))
			.containsExactly(String.valueOf(third), String.valueOf(second));
		assertThat((List<String>) json(page0, "$.items[*].sellerId")).containsOnly(String.valueOf(seller));
		HttpResponse<String> page1 = api().get("/merchant/items?page=1&size=2", merchant(seller));
		assertThat((List<String>) json(page1, "$.items[*].itemId")).containsExactly(String.valueOf(first));
		assertThat((List<Integer>) json(page1, "$.items[*].listPrice")).containsExactly(1000);

		assertThat((Integer) json(api().get("/merchant/items", merchant(newId())), "$.total"))
			.as("a merchant without items sees none").isZero();
		assertInvalid(api().get("/merchant/items?size=101", merchant(seller)), "size");
		assertInvalid(api().get("/merchant/items?page=-1", merchant(seller)), "page");
		assertThat(api().get("/merchant/items", consumer(seller)).statusCode()).isEqualTo(403);
	}

	@Test
	void onlyTheSellerSetsListsAndRemovesFanPricesAndEachChangeIsPublished() {
		long seller = newId();
		long itemId = item(seller, 2000);
		String path = "/merchant/items/" + itemId + "/fan-prices/";
		Instant start = Instant.parse("2026-01-01T00:00:00Z");
		Instant end = Instant.parse("2036-01-01T00:00:00Z");

		HttpResponse<String> set = api().put(path + "OLD_FANS", merchant(seller),
				"{\"price\":1500,\"startTime\":\"%s\",\"endTime\":\"%s\"}".formatted(start, end));
		assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
		assertThat((String) json(set, "$.crowdId")).isEqualTo(seller + "_old_fans");
		fanPrice(seller, itemId, "ALL_FANS", 1888);

		HttpResponse<String> listed = api().get("/merchant/items/" + itemId + "/fan-prices", merchant(seller));
		assertThat((List<String>) json(listed, "$.items[*].crowdType")).containsExactly("ALL_FANS", "OLD_FANS");
		assertThat((List<Integer>) json(listed, "$.items[*].price")).containsExactly(1888, 1500);
		assertThat((String) json(listed, "$.items[1].endTime")).isEqualTo(end.toString());

		long other = newId();
		assertThat(api().put(path + "BUY_FANS", merchant(other), "{\"price\":100}").statusCode()).isEqualTo(403);
		assertThat(api().delete(path + "ALL_FANS", merchant(other)).statusCode()).isEqualTo(403);
		assertThat(api().get("/merchant/items/" + itemId + "/fan-prices", merchant(other)).statusCode())
			.as("another merchant's item is not revealed").isEqualTo(404);

		assertThat(api().delete(path + "ALL_FANS", merchant(seller)).statusCode()).isEqualTo(204);
		assertThat(api().delete(path + "ALL_FANS", merchant(seller)).statusCode()).as("again: nothing to do").isEqualTo(204);
		assertThat((List<String>) json(api().get("/merchant/items/" + itemId + "/fan-prices", merchant(seller)),
				"$.items[*].crowdType")).containsExactly("OLD_FANS");

		try (TopicRecorder recorder = new TopicRecorder(Topic.ITEM_EVENTS.wireName())) {
			List<EventEnvelope> events = recorder.await(
					e -> e.key().equals(String.valueOf(itemId)) && e.is(FanPriceChanged.TYPE), seen -> seen.size() >= 3,
					Duration.ofSeconds(20));
			List<FanPriceChanged> changes = events.stream().map(e -> EventCodec.payload(e, FanPriceChanged.TYPE)).toList();
			assertThat(changes).extracting(FanPriceChanged::version).containsExactly(1L, 2L, 3L);
			assertThat(changes).extracting(FanPriceChanged::crowdId)
				.containsExactly(seller + "_old_fans", seller + "_all_fans", seller + "_all_fans");
			assertThat(changes).extracting(FanPriceChanged::price).containsExactly(1500L, 1888L, null);
			assertThat(changes.get(0).endTime()).isEqualTo(end);
		}
	}

	@Test
	void badInputIsRefusedNamingTheFieldAndWritesNothing() {
		long seller = newId();
		long itemId = newId();
		String token = merchant(seller);

		assertInvalid(api().put("/merchant/items/" + itemId, token, "{\"deposit\":-1}"), "title", "cityId", "listPrice",
				"priceUnit", "deposit");
		assertInvalid(api().put("/merchant/items/" + itemId, token, itemJson(0, "ONE_TIME", 0)), "listPrice");
		assertInvalid(api().put("/merchant/items/" + itemId, token, itemJson(100, "WEEKLY", 0)), "priceUnit");
		assertInvalid(api().put("/merchant/items/" + itemId, token, "{\"title\":"), "body");
		assertInvalid(api().put("/merchant/items/abc", token, itemJson(100, "ONE_TIME", 0)), "itemId");
		assertInvalid(api().put("/merchant/items/-5", token, itemJson(100, "ONE_TIME", 0)), "itemId");
		assertThat(rows("item", itemId)).isZero();
		assertThat(api().put("/merchant/items/" + itemId, TestTokens.token("1", "CONSUMER"), itemJson(100, "ONE_TIME", 0))
			.statusCode()).isEqualTo(403);
		assertThat(api().put("/merchant/items/" + itemId, null, itemJson(100, "ONE_TIME", 0)).statusCode()).isEqualTo(401);
		assertThat(rows("item", itemId)).isZero();

		long owned = item(seller, 2000);
		String fanPrices = "/merchant/items/" + owned + "/fan-prices/";
		assertInvalid(api().put(fanPrices + "ALL_FANS", token, "{\"price\":2000}"), "price");
		assertInvalid(api().put(fanPrices + "ALL_FANS", token, "{\"price\":2500}"), "price");
		assertInvalid(api().put(fanPrices + "ALL_FANS", token, "{\"price\":0}"), "price");
		assertInvalid(api().put(fanPrices + "ALL_FANS", token, "{}"), "price");
		assertInvalid(api().put(fanPrices + "NEW_FANS", token, "{\"price\":100}"), "crowdType");
		assertInvalid(api().put(fanPrices + "ALL_FANS", token,
				"{\"price\":100,\"startTime\":\"2030-01-01T00:00:00Z\",\"endTime\":\"2029-01-01T00:00:00Z\"}"), "endTime");
		assertInvalid(api().put(fanPrices + "ALL_FANS", token, "{\"price\":100,\"startTime\":\"tomorrow\"}"), "startTime");
		assertThat(api().put(fanPrices + "ALL_FANS", merchant(newId()), "{\"price\":100}").statusCode())
			.as("someone else's item").isEqualTo(403);
		assertThat(api().put("/merchant/items/" + newId() + "/fan-prices/ALL_FANS", token, "{\"price\":100}").statusCode())
			.as("no such item").isEqualTo(404);
		assertThat(rows("fan_price", owned)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT rules_version FROM item WHERE id = ?", Long.class, owned)).isZero();
	}

	@Test
	void aListPriceAtOrBelowAFanPriceIsRefusedUntilTheFanPriceIsLowered() {
		long seller = newId();
		long itemId = item(seller, 2000);
		fanPrice(seller, itemId, "BUY_FANS", 1800);

		HttpResponse<String> refused = api().put("/merchant/items/" + itemId, merchant(seller),
				itemJson(1800, "ONE_TIME", 0));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
		assertThat((String) json(refused, "$.code")).isEqualTo("INVALID_STATE");
		assertThat((List<String>) json(refused, "$.errors[*].field")).containsExactly("listPrice");
		assertThat(refused.body()).contains("BUY_FANS");
		assertThat(this.jdbc.queryForObject("SELECT list_price FROM item WHERE id = ?", Long.class, itemId)).isEqualTo(2000);

		fanPrice(seller, itemId, "BUY_FANS", 1500);
		assertThat(api().put("/merchant/items/" + itemId, merchant(seller), itemJson(1800, "ONE_TIME", 0)).statusCode())
			.isEqualTo(200);
	}

	@Test
	void everyRefusalBeforeOrAroundTheControllersIsAProblemWithItsCode() {
		RefusalChecks.assertEveryRefusalIsAProblem(this.port, TestTokens.token("41", "CONSUMER", "MERCHANT"), "/api/quotes",
				"/api/prices?itemIds=1");
	}

}
