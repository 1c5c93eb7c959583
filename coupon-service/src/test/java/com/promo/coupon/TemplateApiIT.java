package com.promo.coupon;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.promo.contracts.EventEnvelope;
import com.promo.contracts.Topic;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.activity.CouponType;
import com.promo.testsupport.RefusalChecks;
import com.promo.testsupport.TestTokens;
import com.promo.testsupport.TopicRecorder;
import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sign-ups and templates over HTTP, with activities arriving as real Kafka events. */
class TemplateApiIT extends CouponServiceTestBase {

	static final Set<CouponType> COUPON_TYPES = Set.of(CouponType.AMOUNT_OFF, CouponType.PERCENT_OFF);

	String merchantToken(long merchantId) {
		return TestTokens.token(String.valueOf(merchantId), "MERCHANT");
	}

	int templateRows() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM coupon_template", Integer.class);
	}

	@Test
	void merchantsSignUpOnlyWhileSignUpIsOpenAndOnlyOnce() {
		long merchant = newId();
		String token = merchantToken(merchant);
		long open = signupOpenActivity(ActivityKind.COUPON, COUPON_TYPES);
		Instant now = Instant.now();
		long notYet = publishActivity(newId(), ActivityKind.COUPON, COUPON_TYPES, ActivityStatus.PUBLISHED,
				now.plusSeconds(600), now.plusSeconds(1200), now.plusSeconds(1800), now.plusSeconds(2400), 1);

		HttpResponse<String> first = api().post("/merchant/activities/" + open + "/signups", token, null);
		assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
		assertThat((String) json(first, "$.merchantId")).isEqualTo(String.valueOf(merchant));
		assertThat((String) json(first, "$.activityId")).isEqualTo(String.valueOf(open));

		HttpResponse<String> again = api().post("/merchant/activities/" + open + "/signups", token, null);
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("\"code\":\"CONFLICT\"");

		HttpResponse<String> early = api().post("/merchant/activities/" + notYet + "/signups", token, null);
		assertThat(early.statusCode()).isEqualTo(422);
		assertThat(early.body()).contains("\"code\":\"INVALID_STATE\"");

		assertThat(api().post("/merchant/activities/" + newId() + "/signups", token, null).statusCode()).isEqualTo(404);
		assertThat(api().post("/merchant/activities/" + open + "/signups", TestTokens.token("1", "CONSUMER"), null)
			.statusCode()).isEqualTo(403);
	}

	@Test
	void aMerchantListsItsOwnSignupsNewestFirst() {
		long merchant = newId();
		String token = merchantToken(merchant);
		long older = signupOpenActivity(ActivityKind.COUPON, COUPON_TYPES);
		long newer = signupOpenActivity(ActivityKind.COUPON, COUPON_TYPES);
		assertThat(api().post("/merchant/activities/" + older + "/signups", token, null).statusCode()).isEqualTo(201);
		assertThat(api().post("/merchant/activities/" + newer + "/signups", token, null).statusCode()).isEqualTo(201);
		api().post("/merchant/activities/" + older + "/signups", merchantToken(newId()), null);

		HttpResponse<String> page0 = api().get("/merchant/signups?page=0&size=1", token);
		assertThat(page0.statusCode()).as(page0.body()).isEqualTo(200);
		assertThat((Integer) json(page0, "$.total")).isEqualTo(2);
		assertThat((List<String>) json(page0, "$.items[*].activityId")).containsExactly(String.valueOf(newer));
		assertThat((List<String>) json(api().get("/merchant/signups?page=1&size=1", token), "$.items[*].activityId"))
			.containsExactly(String.valueOf(older));
		assertThat((List<String>) json(api().get("/merchant/signups", token), "$.items[*].merchantId"))
			.containsOnly(String.valueOf(merchant));
		assertThat(api().get("/merchant/signups?size=101", token).body()).contains("\"field\":\"size\"");
		assertThat(api().get("/merchant/signups", TestTokens.token(String.valueOf(merchant), "OPS")).statusCode())
			.isEqualTo(403);
	}

	@Test
	void operationsListEveryMerchantsTemplatesByActivityMerchantAndStatus() {
		long activity = signupOpenActivity(ActivityKind.COUPON, COUPON_TYPES);
		long first = newId();
		long second = newId();
		for (long merchant : List.of(first, second)) {
			api().post("/merchant/activities/" + activity + "/signups", merchantToken(merchant), null);
		}
		String firstTemplate = json(api().post("/merchant/coupon-templates", merchantToken(first),
				templateJson(activity, "AMOUNT_OFF", "\"amountOff\":1000")), "$.id");
		String secondTemplate = json(api().post("/merchant/coupon-templates", merchantToken(second),
				templateJson(activity, "PERCENT_OFF", "\"percentOff\":10")), "$.id");
		api().post("/merchant/coupon-templates/" + secondTemplate + "/enable", merchantToken(second), null);
		String ops = TestTokens.token("1", "OPS");

		HttpResponse<String> all = api().get("/ops/coupon-templates?activityId=" + activity, ops);
		assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
		assertThat((Integer) json(all, "$.total")).isEqualTo(2);
		assertThat((List<String>) json(all, "$.items[*].id")).containsExactly(secondTemplate, firstTemplate);
		assertThat((List<String>) json(api().get("/ops/coupon-templates?activityId=" + activity + "&merchantId=" + first,
				ops), "$.items[*].id")).containsExactly(firstTemplate);
		assertThat((List<String>) json(api().get("/ops/coupon-templates?activityId=" + activity + "&status=ENABLED", ops),
				"$.items[*].id")).containsExactly(secondTemplate);
		assertThat((List<String>) json(api().get("/ops/coupon-templates?activityId=" + activity + "&size=1&page=1", ops),
				"$.items[*].id")).containsExactly(firstTemplate);

		assertThat(api().get("/ops/coupon-templates?status=LIVE", ops).body()).contains("\"field\":\"status\"");
		assertThat(api().get("/ops/coupon-templates?merchantId=abc", ops).body()).contains("\"field\":\"merchantId\"");
		assertThat(api().get("/ops/coupon-templates?page=-1", ops).body()).contains("\"field\":\"page\"");
		assertThat(api().get("/ops/coupon-templates", merchantToken(first)).statusCode()).isEqualTo(403);
	}

	@Test
	void aTemplateIsCreatedEnabledAndTerminatedWithItsEvents() {
		long merchant = newId();
		String token = merchantToken(merchant);
		long activity = signupOpenActivity(ActivityKind.COUPON, COUPON_TYPES);
		api().post("/merchant/activities/" + activity + "/signups", token, null);

		HttpResponse<String> created = api().post("/merchant/coupon-templates", token,
				templateJson(activity, "AMOUNT_OFF", "\"amountOff\":30000"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = json(created, "$.id");
		assertThat((String) json(created, "$.status")).isEqualTo("NEW");
		assertThat((String) json(created, "$.merchantId")).isEqualTo(String.valueOf(merchant));
		assertThat((Integer) json(created, "$.claimedCount")).isZero();
		assertThat((Integer) json(created, "$.amountOff")).isEqualTo(30000);
		assertThat((String) json(created, "$.validity.type")).isEqualTo("FLOATING");

		HttpResponse<String> enabled = api().post("/merchant/coupon-templates/" + id + "/enable", token, null);
		assertThat((String) json(enabled, "$.status")).isEqualTo("ENABLED");
		assertThat(api().post("/merchant/coupon-templates/" + id + "/enable", token, null).statusCode()).isEqualTo(422);

		String someoneElse = merchantToken(newId());
		assertThat(api().post("/merchant/coupon-templates/" + id + "/terminate", someoneElse, null).statusCode())
			.isEqualTo(403);
		assertThat(api().get("/merchant/coupon-templates/" + id, someoneElse).statusCode()).isEqualTo(404);

		HttpResponse<String> terminated = api().post("/merchant/coupon-templates/" + id + "/terminate", token, null);
		assertThat((String) json(terminated, "$.status")).isEqualTo("TERMINATED");
		assertThat((String) json(api().get("/merchant/coupon-templates/" + id, token), "$.status")).isEqualTo("TERMINATED");
		assertThat((List<String>) json(api().get("/merchant/coupon-templates?activityId=" + activity, token), "$.items[*].id"))
			.containsExactly(id);
		assertThat((List<String>) json(api().get("/merchant/coupon-templates?activityId=" + activity + "&status=ENABLED",
				token), "$.items[*].id")).isEmpty();

		try (TopicRecorder recorder = new TopicRecorder(Topic.COUPON_TEMPLATE_EVENTS.wireName())) {
			List<EventEnvelope> events = recorder.await(e -> e.key().equals(id), seen -> seen.size() >= 3,
					Duration.ofSeconds(20));
			assertThat(events).extracting(EventEnvelope::type)
				.containsExactly("TemplateCreated", "TemplateEnabled", "TemplateTerminated");
			assertThat(events.get(1).payload().get("template").get("totalStock").asInt()).isEqualTo(1000);
		}
	}

	@Test
	void templatesCrossCheckTheActivityAndTheSignUp() {
		long merchant = newId();
		String token = merchantToken(merchant);
		long activity = signupOpenActivity(ActivityKind.COUPON, COUPON_TYPES);
		int before = templateRows();

		HttpResponse<String> notSignedUp = api().post("/merchant/coupon-templates", token,
				templateJson(activity, "AMOUNT_OFF", "\"amountOff\":30000"));
		assertThat(notSignedUp.statusCode()).isEqualTo(422);

		api().post("/merchant/activities/" + activity + "/signups", token, null);
		record Case(String json, String field) {
		}
		String ok = templateJson(activity, "AMOUNT_OFF", "\"amountOff\":30000");
		List<Case> cases = List.of(new Case("{\"activityId\":", "body"), new Case("{}", "activityId"),
				new Case(ok.replace("\"cityId\":\"310000\"", "\"cityId\":\"110000\""), "cityId"),
				new Case(templateJson(activity, "FREE_DAYS", "\"freeDays\":7"), "type"),
				new Case(templateJson(activity, "CASHBACK", "\"amountOff\":1"), "type"),
				new Case(ok.replace("30000", "99"), "amountOff"), new Case(ok.replace("30000", "60000"), "amountOff"),
				new Case(ok.replace("30000", "\"lots\""), "amountOff"),
				new Case(templateJson(activity, "AMOUNT_OFF", ""), "amountOff"),
				new Case(templateJson(activity, "PERCENT_OFF", "\"percentOff\":100"), "percentOff"),
				new Case(ok.replace("\"totalStock\":1000", "\"totalStock\":-1"), "totalStock"),
				new Case(ok.replace("\"totalStock\":1000", "\"totalStock\":99999999999"), "totalStock"),
				new Case(ok.replace("\"perUserLimit\":1", "\"perUserLimit\":1001"), "perUserLimit"),
				new Case(ok.replace("\"days\":30", "\"days\":0"), "validity.days"),
				new Case(ok.replace("\"type\":\"FLOATING\",\"days\":30",
						"\"type\":\"FIXED\",\"startTime\":\"2026-12-02T00:00:00Z\",\"endTime\":\"2026-12-01T00:00:00Z\""),
						"validity.endTime"),
				new Case(ok.replace("\"type\":\"FLOATING\"", "\"type\":\"SOMETIMES\""), "validity.type"),
				new Case(ok.replace("{\"type\":\"ALL\"}", "{\"type\":\"CROWD\",\"crowdId\":\"1_all_fans\"}"),
						"audience.crowdId"),
				new Case(ok.replace("\"FIRST_MONTH\"", "\"LAST_MONTH\""), "deduction"),
				new Case(ok.replace("\"activityId\":\"" + activity + "\"", "\"activityId\":\"" + newId() + "\""),
						"activityId"));
		for (Case c : cases) {
			HttpResponse<String> response = api().post("/merchant/coupon-templates", token, c.json());
			assertThat(response.statusCode()).as("%s -> %s", c.json(), response.body()).isEqualTo(400);
			assertThat((List<String>) json(response, "$.errors[*].field")).as(c.json()).contains(c.field());
		}

		Instant now = Instant.now();
		publishActivity(activity, ActivityKind.COUPON, COUPON_TYPES, ActivityStatus.TERMINATED, now.minusSeconds(600),
				now.plusSeconds(3000), now.plusSeconds(3600), now.plus(Duration.ofDays(2)), 3);
		HttpResponse<String> overActivity = api().post("/merchant/coupon-templates", token, ok);
		assertThat(overActivity.statusCode()).isEqualTo(422);
		assertThat(templateRows()).isEqualTo(before);

		assertThat(api().get("/merchant/coupon-templates?size=0", token).body()).contains("\"field\":\"size\"");
		assertThat(api().get("/merchant/coupon-templates?status=LIVE", token).statusCode()).isEqualTo(400);
		assertThat(api().get("/merchant/coupon-templates/xyz", token).statusCode()).isEqualTo(400);
		assertThat(api().post("/merchant/coupon-templates/" + newId() + "/enable", token, null).statusCode())
			.isEqualTo(404);
	}

	@Test
	void aFlashSaleTakesSpecialPriceTemplatesOnly() {
		long merchant = newId();
		String token = merchantToken(merchant);
		long activity = signupOpenActivity(ActivityKind.FLASH_SALE, Set.of(CouponType.SPECIAL_PRICE));
		api().post("/merchant/activities/" + activity + "/signups", token, null);

		assertThat(api().post("/merchant/coupon-templates", token,
				templateJson(activity, "AMOUNT_OFF", "\"amountOff\":30000")).statusCode()).isEqualTo(400);
		HttpResponse<String> special = api().post("/merchant/coupon-templates", token,
				templateJson(activity, "SPECIAL_PRICE", "\"specialPrice\":9900"));
		assertThat(special.statusCode()).as(special.body()).isEqualTo(201);
	}

	@Test
	void whenTheActivityIsTerminatedItsTemplatesFollowWithEvents() {
		long merchant = newId();
		String token = merchantToken(merchant);
		long activity = signupOpenActivity(ActivityKind.COUPON, COUPON_TYPES);
		api().post("/merchant/activities/" + activity + "/signups", token, null);
		String enabled = json(api().post("/merchant/coupon-templates", token,
				templateJson(activity, "AMOUNT_OFF", "\"amountOff\":30000")), "$.id");
		api().post("/merchant/coupon-templates/" + enabled + "/enable", token, null);
		String fresh = json(api().post("/merchant/coupon-templates", token,
				templateJson(activity, "PERCENT_OFF", "\"percentOff\":10")), "$.id");

		Instant now = Instant.now();
		publishActivity(activity, ActivityKind.COUPON, COUPON_TYPES, ActivityStatus.TERMINATED, now.minusSeconds(600),
				now.plusSeconds(3000), now.plusSeconds(3600), now.plus(Duration.ofDays(2)), 4);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.jdbc.queryForList(
					"SELECT status FROM coupon_template WHERE activity_id = ?", String.class, activity))
				.containsOnly("TERMINATED")
				.hasSize(2));
		try (TopicRecorder recorder = new TopicRecorder(Topic.COUPON_TEMPLATE_EVENTS.wireName())) {
			for (String id : List.of(enabled, fresh)) {
				List<EventEnvelope> events = recorder.await(e -> e.key().equals(id),
						seen -> seen.stream().anyMatch(e -> e.type().equals("TemplateTerminated")), Duration.ofSeconds(20));
				assertThat(events).extracting(EventEnvelope::type).contains("TemplateTerminated");
			}
		}
	}

	@Test
	void duplicatedAndOlderActivityEventsNeverRegressTheProjection() {
		long activity = newId();
		Instant now = Instant.now();
		publishActivity(activity, ActivityKind.COUPON, COUPON_TYPES, ActivityStatus.RUNNING, now.minusSeconds(900),
				now.minusSeconds(600), now.minusSeconds(300), now.plusSeconds(3600), 4);
		// an older snapshot and a duplicate arrive late (publishActivity waits until each is consumed)
		publishActivity(activity, ActivityKind.COUPON, COUPON_TYPES, ActivityStatus.SIGNUP_OPEN, now.minusSeconds(900),
				now.plusSeconds(600), now.plusSeconds(900), now.plusSeconds(3600), 2);
		publishActivity(activity, ActivityKind.COUPON, COUPON_TYPES, ActivityStatus.RUNNING, now.minusSeconds(900),
				now.minusSeconds(600), now.minusSeconds(300), now.plusSeconds(3600), 4);

		assertThat(this.activityViews.find(activity)).get()
			.satisfies(view -> assertThat(view.version()).isEqualTo(4))
			.satisfies(view -> assertThat(view.storedStatus()).isEqualTo(ActivityStatus.RUNNING));
	}

	@Test
	void everyRefusalBeforeOrAroundTheControllersIsAProblemWithItsCode() {
		RefusalChecks.assertEveryRefusalIsAProblem(this.port, merchantToken(newId()), "/merchant/coupon-templates",
				"/merchant/coupon-templates?page=0");
	}

}
