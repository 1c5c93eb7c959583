package com.promo.activity;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.promo.contracts.EventEnvelope;
import com.promo.contracts.Topic;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.RefusalChecks;
import com.promo.testsupport.TestTokens;
import com.promo.testsupport.TopicRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The activity endpoints over HTTP, on the real database, Redis Cluster and Kafka. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActivityApiIT {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
		PromoTestProperties.database(registry, "it_activity_api");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	ApiClient api;

	final String ops = TestTokens.token("1", "OPS");

	final String merchant = TestTokens.token("2", "MERCHANT");

	@BeforeEach
	void client() {
		this.api = ApiClient.local(this.port);
	}

	static String body(String city, String kind, String types, Instant applyStart) {
		return """
				{"title":"Spring rent festival","description":"rent less","kind":"%s","cityIds":["%s"],
				 "couponTypes":%s,"valueLowerLimit":500,"valueUpperLimit":50000,
				 "applyStartTime":"%s","applyEndTime":"%s","activityStartTime":"%s","activityEndTime":"%s"}"""
			.formatted(kind, city, types, applyStart, applyStart.plusSeconds(3600), applyStart.plusSeconds(7200),
					applyStart.plusSeconds(10800));
	}

	static String city() {
		return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L));
	}

	String create(String json) {
		HttpResponse<String> created = this.api.post("/ops/activities", this.ops, json);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created, "$.id");
	}

	int rows() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM activity", Integer.class);
	}

	@Test
	void anActivityIsCreatedPublishedAndTerminatedWithItsEvents() {
		Instant opens = Instant.now().plus(Duration.ofDays(1));
		HttpResponse<String> created = this.api.post("/ops/activities", this.ops, body(city(), "COUPON",
				"[\"AMOUNT_OFF\",\"FREE_DAYS\"]", opens));
		assertThat(created.statusCode()).isEqualTo(201);
		String id = json(created, "$.id");
		assertThat(id).matches("[0-9]+");
		assertThat((String) json(created, "$.status")).isEqualTo("DRAFT");
		assertThat((Integer) json(created, "$.version")).isZero();
		assertThat((List<String>) json(created, "$.couponTypes")).containsExactly("AMOUNT_OFF", "FREE_DAYS");
		assertThat(created.headers().firstValue("Location")).hasValue("/ops/activities/" + id);

		HttpResponse<String> published = this.api.post("/ops/activities/" + id + "/publish", this.ops, null);
		assertThat(published.statusCode()).isEqualTo(200);
		assertThat((String) json(published, "$.status")).isEqualTo("PUBLISHED");
		assertThat(this.api.post("/ops/activities/" + id + "/publish", this.ops, null).statusCode()).isEqualTo(422);

		HttpResponse<String> terminated = this.api.post("/ops/activities/" + id + "/terminate", this.ops, null);
		assertThat((String) json(terminated, "$.status")).isEqualTo("TERMINATED");
		HttpResponse<String> again = this.api.post("/ops/activities/" + id + "/terminate", this.ops, null);
		assertThat(again.statusCode()).isEqualTo(422);
		assertThat(again.body()).contains("\"code\":\"INVALID_STATE\"");

		try (TopicRecorder recorder = new TopicRecorder(Topic.ACTIVITY_EVENTS.wireName())) {
			List<EventEnvelope> events = recorder.await(e -> e.key().equals(id), seen -> seen.size() >= 2, Duration.ofSeconds(20));
			assertThat(events).extracting(EventEnvelope::type).containsExactly("ActivityPublished", "ActivityTerminated");
			assertThat(events.get(1).payload().get("activity").get("status").asString()).isEqualTo("TERMINATED");
		}
	}

	@Test
	void aRepeatedCreateWithTheSameIdempotencyKeyCreatesOnce() {
		String key = UUID.randomUUID().toString();
		String json = body(city(), "COUPON", "[\"AMOUNT_OFF\"]", Instant.now().plus(Duration.ofDays(1)));
		int before = rows();

		HttpResponse<String> first = this.api.post("/ops/activities", this.ops, json, "Idempotency-Key", key);
		HttpResponse<String> repeat = this.api.post("/ops/activities", this.ops, json, "Idempotency-Key", key);
		HttpResponse<String> otherBody = this.api.post("/ops/activities", this.ops, json.replace("rent less", "x"),
				"Idempotency-Key", key);

		assertThat(repeat.statusCode()).isEqualTo(201);
		assertThat((String) json(repeat, "$.id")).isEqualTo(json(first, "$.id"));
		assertThat(otherBody.statusCode()).isEqualTo(409);
		assertThat(rows()).isEqualTo(before + 1);
	}

	@Test
	void aDraftIsEditedWithOptimisticLockingAndNotAfterPublishing() {
		String id = create(body(city(), "COUPON", "[\"AMOUNT_OFF\"]", Instant.now().plus(Duration.ofDays(1))));

		HttpResponse<String> stale = this.api.patch("/ops/activities/" + id, this.ops, "{\"title\":\"New\"}", "If-Match",
				"\"7\"");
		assertThat(stale.statusCode()).isEqualTo(409);
		assertThat(stale.body()).contains("\"code\":\"CONFLICT\"");

		HttpResponse<String> edited = this.api.patch("/ops/activities/" + id, this.ops,
				"{\"title\":\"New title\",\"valueUpperLimit\":60000}", "If-Match", "\"0\"");
		assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
		assertThat((String) json(edited, "$.title")).isEqualTo("New title");
		assertThat((Integer) json(edited, "$.valueUpperLimit")).isEqualTo(60000);
		assertThat((Integer) json(edited, "$.version")).isEqualTo(1);
		assertThat(edited.headers().firstValue("ETag")).hasValue("\"1\"");

		HttpResponse<String> brokenEdit = this.api.patch("/ops/activities/" + id, this.ops,
				"{\"valueLowerLimit\":70000}");
		assertThat(brokenEdit.statusCode()).isEqualTo(400);
		assertThat((String) json(brokenEdit, "$.errors[0].field")).isEqualTo("valueUpperLimit");

		this.api.post("/ops/activities/" + id + "/publish", this.ops, null);
		HttpResponse<String> late = this.api.patch("/ops/activities/" + id, this.ops, "{\"title\":\"Too late\"}");
		assertThat(late.statusCode()).isEqualTo(422);
		assertThat((String) json(this.api.get("/ops/activities/" + id, this.ops), "$.title")).isEqualTo("New title");
	}

	@Test
	void listsFilterByClockStatusCityAndKindAndMerchantsNeverSeeDrafts() {
		String city = city();
		String draft = create(body(city, "COUPON", "[\"AMOUNT_OFF\"]", Instant.now().plus(Duration.ofDays(1))));
		String open = create(body(city, "COUPON", "[\"AMOUNT_OFF\"]", Instant.now().minus(Duration.ofMinutes(5))));
		String flash = create(body(city, "FLASH_SALE", "[\"SPECIAL_PRICE\"]", Instant.now().plus(Duration.ofDays(2))));
		this.api.post("/ops/activities/" + open + "/publish", this.ops, null);
		this.api.post("/ops/activities/" + flash + "/publish", this.ops, null);

		assertThat((List<String>) json(this.api.get("/ops/activities?cityId=" + city, this.ops), "$.items[*].id"))
			.containsExactly(flash, open, draft);
		assertThat((List<String>) json(this.api.get("/ops/activities?cityId=" + city + "&kind=FLASH_SALE", this.ops),
				"$.items[*].id")).containsExactly(flash);
		assertThat((List<String>) json(this.api.get("/ops/activities?cityId=" + city + "&status=SIGNUP_OPEN", this.ops),
				"$.items[*].id")).containsExactly(open);
		HttpResponse<String> page = this.api.get("/ops/activities?cityId=" + city + "&page=1&size=1", this.ops);
		assertThat((Integer) json(page, "$.total")).isEqualTo(3);
		assertThat((List<String>) json(page, "$.items[*].id")).containsExactly(open);
		assertThat((Integer) json(page, "$.page")).isEqualTo(1);

		assertThat((List<String>) json(this.api.get("/merchant/activities?cityId=" + city, this.merchant), "$.items[*].id"))
			.containsExactly(flash, open);
		assertThat((List<String>) json(this.api.get("/merchant/activities?cityId=" + city + "&status=DRAFT", this.merchant),
				"$.items[*].id")).isEmpty();
	}

	@Test
	void thePublicReadHidesDraftsAndFollowsTerminationThroughTheEvent() {
		String id = create(body(city(), "COUPON", "[\"AMOUNT_OFF\"]", Instant.now().minus(Duration.ofMinutes(5))));
		assertThat(this.api.get("/api/activities/" + id, null).statusCode()).isEqualTo(404);

		this.api.post("/ops/activities/" + id + "/publish", this.ops, null);
		HttpResponse<String> visible = this.api.get("/api/activities/" + id, null);
		assertThat(visible.statusCode()).isEqualTo(200);
		assertThat((String) json(visible, "$.status")).isEqualTo("SIGNUP_OPEN");
		assertThat(this.api.get("/api/activities/" + id, null).body()).isEqualTo(visible.body()); // now cached

		this.api.post("/ops/activities/" + id + "/terminate", this.ops, null);
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat((String) json(this.api.get("/api/activities/" + id, null), "$.status"))
				.isEqualTo("TERMINATED"));
	}

	@Test
	void badInputIsA400NamingTheFieldAndWritesNothing() {
		String ok = body(city(), "COUPON", "[\"AMOUNT_OFF\"]", Instant.now().plus(Duration.ofDays(1)));
		record Case(String json, String field) {
		}
		List<Case> cases = List.of(new Case("{\"title\":", "body"), new Case("{}", "title"),
				new Case(ok.replace("\"Spring rent festival\"", "\"\""), "title"),
				new Case(ok.replace("\"Spring rent festival\"", "\"" + "x".repeat(257) + "\""), "title"),
				new Case(ok.replace("\"COUPON\"", "\"RAFFLE\""), "kind"),
				new Case(ok.replace("[\"AMOUNT_OFF\"]", "[\"CASHBACK\"]"), "couponTypes[0]"),
				new Case(ok.replace("[\"AMOUNT_OFF\"]", "[]"), "couponTypes"),
				new Case(ok.replaceFirst("\\[\"[0-9]+\"]", "[]"), "cityIds"),
				new Case(ok.replace("\"valueLowerLimit\":500", "\"valueLowerLimit\":-1"), "valueLowerLimit"),
				new Case(ok.replace("\"valueLowerLimit\":500", "\"valueLowerLimit\":\"five\""), "valueLowerLimit"),
				new Case(ok.replace("\"valueUpperLimit\":50000", "\"valueUpperLimit\":99999999999999999999"),
						"valueUpperLimit"),
				new Case(ok.replace("\"valueUpperLimit\":50000", "\"valueUpperLimit\":100"), "valueUpperLimit"),
				new Case(ok.replaceFirst("\"applyStartTime\":\"[^\"]+\"", "\"applyStartTime\":\"tomorrow\""),
						"applyStartTime"),
				new Case(ok.replaceFirst("\"applyEndTime\":\"[^\"]+\"", "\"applyEndTime\":\"2000-01-01T00:00:00Z\""),
						"applyEndTime"),
				new Case(ok.replaceFirst("\"cityIds\":\\[", "\"cityIds\":{\"a\":["), "cityIds"));
		int before = rows();
		for (Case c : cases) {
			HttpResponse<String> response = this.api.post("/ops/activities", this.ops, c.json());
			assertThat(response.statusCode()).as("%s -> %s", c.json(), response.body()).isEqualTo(400);
			assertThat(response.body()).contains("\"code\":\"VALIDATION_FAILED\"");
			assertThat((List<String>) json(response, "$.errors[*].field")).as(c.json()).contains(c.field());
		}
		assertThat(rows()).isEqualTo(before);

		assertThat(this.api.get("/ops/activities?size=101", this.ops).body()).contains("\"field\":\"size\"");
		assertThat(this.api.get("/ops/activities?page=-1", this.ops).body()).contains("\"field\":\"page\"");
		assertThat(this.api.get("/ops/activities?status=LIVE", this.ops).body()).contains("\"field\":\"status\"");
		assertThat(this.api.get("/ops/activities/abc", this.ops).statusCode()).isEqualTo(400);
		assertThat(this.api.get("/ops/activities/987654321", this.ops).statusCode()).isEqualTo(404);
		assertThat(this.api.post("/ops/activities/987654321/publish", this.ops, null).statusCode()).isEqualTo(404);
		assertThat(this.api.patch("/ops/activities/987654321", this.ops, "{}", "If-Match", "x1").statusCode())
			.isEqualTo(400);
		assertThat(this.api.post("/ops/activities", this.ops, ok, "Idempotency-Key", "k".repeat(65)).statusCode())
			.isEqualTo(400);
		assertThat(this.api.post("/ops/activities", this.merchant, ok).statusCode()).isEqualTo(403);
		assertThat(this.api.post("/ops/activities", null, ok).statusCode()).isEqualTo(401);
		assertThat(this.api.get("/merchant/activities", this.ops).statusCode()).isEqualTo(403);
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void everyRefusalBeforeOrAroundTheControllersIsAProblemWithItsCode() {
		RefusalChecks.assertEveryRefusalIsAProblem(this.port, this.ops, "/ops/activities", "/ops/activities?page=0");
	}

}
