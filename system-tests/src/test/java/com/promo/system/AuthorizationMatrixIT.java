package com.promo.system;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import com.promo.system.ApiMdRoutes.Route;
import com.promo.testsupport.ApiClient;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API.md's authorization rules ("Common rules": Auth, Paths) as a matrix over every route it lists
 * (docs/openapi/api-md-routes.txt, less what api-md-differences.txt says is not served yet) x
 * every kind of caller, through the gateway and on the owning service's own port (every service
 * checks tokens itself). A refusal must be exactly API.md's status with a problem body and its
 * code; an allowed call only has to get past authorization (not 401, not a role's 403): the
 * bodies are empty and the ids name nothing, so a 400 or 404 is fine and no state changes.
 * Then "someone else's resource" on real resources of one merchant and one consumer, called by
 * another of the same role: 404 for reads and for a consumer, 403 for a merchant's change.
 */
class AuthorizationMatrixIT {

	static final String GATEWAY = RunningPlatform.baseUrl("gateway");

	static final ApiClient http = new ApiClient("");

	/** The role a path needs, by its first segment (API.md "Paths"). */
	static final Map<String, String> ROLE_BY_PREFIX = Map.of("/ops/", "OPS", "/merchant/", "MERCHANT", "/api/",
			"CONSUMER", "/internal/", "SERVICE");

	/** API.md's public reads: anyone may call them, but an invalid token on them is still 401. */
	static final Set<String> PUBLIC_READS = Set.of("GET /api/activities/{id}", "GET /api/listings/{listingId}/coupons",
			"GET /api/listings/discounted", "GET /api/prices");

	/**
	 * Routes that answer 403 FORBIDDEN as a business outcome to a caller whose role is right, with
	 * a detail saying why: a flash-sale order without a valid entry token (API.md).
	 */
	static final Map<String, String> BUSINESS_FORBIDDEN = Map.of("POST /api/flash-sales/{templateId}/orders",
			"entry token");

	/** The role refusal's detail (platform/security), to tell it from a business 403. */
	static final String ROLE_REFUSAL = "your role does not allow this request";

	/** An id no resource has: the matrix's allowed calls must never change real state. */
	static final String NO_SUCH_ID = Long.toString(Long.MAX_VALUE);

	static ApiMdRoutes routes;

	/** Sends the matrix's requests; a few at once, as the services share two cores with everything. */
	static ExecutorService senders;

	@BeforeAll
	static void startPlatform() throws Exception {
		RunningPlatform.get();
		routes = ApiMdRoutes.read(Path.of(System.getProperty("promo.root", "..")).toAbsolutePath().normalize());
		senders = Executors.newFixedThreadPool(6);
	}

	@AfterAll
	static void stopSenders() {
		senders.shutdownNow();
	}

	// ---------------------------------------------------------------------------------------------
	// the matrix

	/**
	 * Who calls: nobody, tokens that are not valid (carrying every role, so only the token is at
	 * fault), a valid token without roles, each role alone, and tokens with several roles.
	 */
	record Caller(String name, String token, Set<String> roles, boolean valid) {

		static Caller anonymous() {
			return new Caller("no token", null, Set.of(), true);
		}

		static Caller invalid(String name, String token) {
			return new Caller(name, token, Set.of(), false);
		}

		static Caller of(String... roles) {
			String name = roles.length == 0 ? "a token without roles" : String.join("+", roles);
			return new Caller(name, AuthorizationMatrixIT.token(subject(), roles), Set.of(roles), true);
		}

	}

	static final String[] EVERY_ROLE = { "OPS", "MERCHANT", "CONSUMER", "SERVICE" };

	static List<Caller> callers() {
		return List.of(Caller.anonymous(),
				Caller.invalid("a token signed with another key",
						TestTokens.sign("another-secret-of-at-least-32-bytes-0123456789", subject(),
								Instant.now().plusSeconds(600), EVERY_ROLE)),
				Caller.invalid("an expired token",
						TestTokens.sign(RunningPlatform.JWT_SECRET, subject(), Instant.now().minusSeconds(60), EVERY_ROLE)),
				Caller.invalid("an unsigned token (alg none)", TestTokens.unsigned(subject(), EVERY_ROLE)), Caller.of(),
				Caller.of("OPS"), Caller.of("MERCHANT"), Caller.of("CONSUMER"), Caller.of("SERVICE"),
				Caller.of("OPS", "MERCHANT"), Caller.of("MERCHANT", "CONSUMER"), Caller.of("CONSUMER", "SERVICE"),
				Caller.of("OPS", "SERVICE"));
	}

	/** Where the call goes in: the gateway, or the port of the service that serves the route. */
	record Door(String name, String baseUrl, boolean throughGateway) {

		static Door gateway() {
			return new Door("via the gateway", GATEWAY, true);
		}

		static Door serviceOf(Route route) {
			return new Door("on " + route.service() + " directly", RunningPlatform.baseUrl(route.service()), false);
		}

	}

	/** What API.md says a call gets: refused with a status and a code, or let through (status 0). */
	record Expected(int status, String code) {

		static final Expected ALLOWED = new Expected(0, null);

		static final Expected UNAUTHENTICATED = new Expected(401, "UNAUTHENTICATED");

		static final Expected FORBIDDEN = new Expected(403, "FORBIDDEN");

		static final Expected NOT_FOUND = new Expected(404, "NOT_FOUND");

		boolean allowed() {
			return this.status == 0;
		}

		@Override
		public String toString() {
			return allowed() ? "let through" : this.status + " " + this.code;
		}

	}

	/** API.md's rule for one cell. */
	static Expected expected(Route route, Caller caller, Door door) {
		String role = requiredRole(route);
		if (role.equals("SERVICE") && door.throughGateway()) {
			return Expected.NOT_FOUND; // "the gateway answers 404 for /internal/** whatever the token"
		}
		if (!caller.valid()) {
			return Expected.UNAUTHENTICATED; // on public reads too
		}
		if (PUBLIC_READS.contains(route.key())) {
			return Expected.ALLOWED;
		}
		if (caller.token() == null) {
			return Expected.UNAUTHENTICATED;
		}
		return caller.roles().contains(role) ? Expected.ALLOWED : Expected.FORBIDDEN;
	}

	static String requiredRole(Route route) {
		return ROLE_BY_PREFIX.entrySet()
			.stream()
			.filter(prefix -> route.path().startsWith(prefix.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(route + " is under none of API.md's path prefixes"));
	}

	@TestFactory
	Stream<DynamicContainer> everyRouteAnswersEveryCallerAsApiMdSays() {
		assertThat(routes.served().stream().map(Route::key)).as("the public reads are routes of API.md")
			.containsAll(PUBLIC_READS)
			.containsAll(BUSINESS_FORBIDDEN.keySet());
		List<Caller> callers = callers();
		// every request is sent up front, a few at a time, and each cell checks its own answer: the
		// matrix costs seconds, not a thousand round trips one after the other
		return routes.served().stream().map(route -> {
			List<DynamicTest> cells = new ArrayList<>();
			for (Door door : List.of(Door.gateway(), Door.serviceOf(route))) {
				for (Caller caller : callers) {
					Expected expected = expected(route, caller, door);
					String cell = route + " as " + caller.name() + " " + door.name() + " → " + expected;
					CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(
							() -> send(route.method(), door.baseUrl() + concrete(route.path()), caller.token()), senders);
					cells.add(DynamicTest.dynamicTest(caller.name() + " " + door.name() + " → " + expected,
							() -> check(cell, route, answer.join(), expected)));
				}
			}
			return DynamicContainer.dynamicContainer(route.key() + " (" + route.service() + ")", cells);
		}).toList().stream();
	}

	/**
	 * The routes API.md lists and no service serves yet are left out of the matrix on purpose; once
	 * one is served (its owner gets neither 404 nor 405 for a resource that exists), this fails:
	 * take it out of api-md-differences.txt and the matrix covers it. With none left out, it checks
	 * that the matrix holds every route of API.md.
	 */
	@TestFactory
	Stream<DynamicTest> routesLeftOutOfTheMatrixAreStillNotServed() {
		if (routes.notServed().isEmpty()) {
			return Stream.of(DynamicTest.dynamicTest("every route of API.md is served and in the matrix",
					() -> assertThat(routes.served().stream().map(Route::key))
						.as("the console's reads are in the matrix")
						.contains("GET /merchant/signups", "GET /merchant/coupon-templates/{id}/bindings",
								"GET /ops/coupon-templates", "GET /merchant/items")));
		}
		Owned owned = Owned.get();
		return routes.notServed().stream().map(route -> DynamicTest.dynamicTest(route + " is not served yet", () -> {
			String role = requiredRole(route);
			String token = role.equals("MERCHANT") ? owned.merchant() : token(subject(), role);
			String path = route.path().replaceAll("\\{[^}]*}", owned.templateId()); // only a template's bindings has one
			HttpResponse<String> response = send(route.method(), GATEWAY + path, token);
			assertThat(response.statusCode()).as("%s as %s: %s", path, role, response.body()).isIn(404, 405);
		}));
	}

	static void check(String cell, Route route, HttpResponse<String> response, Expected expected) {
		if (!expected.allowed()) {
			assertProblem(cell, response, expected);
			return;
		}
		assertThat(response.statusCode()).as("%s, yet: %s", cell, response.body()).isNotEqualTo(401);
		if (response.statusCode() == 403) {
			String marker = BUSINESS_FORBIDDEN.get(route.key());
			assertThat(marker).as("%s, yet 403: %s", cell, response.body()).isNotNull();
			assertThat(response.body()).as("%s: a business 403, not the role's", cell)
				.contains(marker)
				.doesNotContain(ROLE_REFUSAL);
		}
	}

	/** Path variables filled with values that name nothing, of the shape the route expects. */
	static String concrete(String path) {
		return path.replace("{crowdId}", "1_all_fans").replace("{crowdType}", "ALL_FANS").replaceAll("\\{[^}]*}", NO_SUCH_ID);
	}

	// ---------------------------------------------------------------------------------------------
	// someone else's resource

	/**
	 * One merchant's activity sign-ups, items, fan price, coupon template with a binding and flash
	 * sale, one consumer's claim, wallet coupon and flash-sale order; then another merchant and
	 * another consumer call them.
	 */
	@TestFactory
	Stream<DynamicTest> someoneElsesResourceIsNotFoundOrForbidden() {
		Owned owned = Owned.get();
		String merchant = owned.merchant();
		String otherMerchant = token(subject(), "MERCHANT");
		String buyer = owned.buyer();
		String otherBuyer = token(subject(), "CONSUMER");
		String template = "/merchant/coupon-templates/" + owned.templateId();
		String item = "/merchant/items/" + owned.itemId();
		String quote = """
				{"items":[{"itemId":"%s","quantity":1}],"couponId":"%s","leaseMonths":12}"""
			.formatted(owned.itemId(), owned.couponId());
		return Stream.of(
				read("a consumer's claim is not found by another consumer", "/api/claims/" + owned.claimId(), buyer,
						otherBuyer),
				read("a buyer's flash-sale transaction is not found by another buyer",
						"/api/flash-sales/transactions/" + owned.transactionId(), buyer, otherBuyer),
				DynamicTest.dynamicTest("a consumer's coupon in another consumer's quote is not found → 404 NOT_FOUND",
						() -> {
							HttpResponse<String> own = http.post(GATEWAY + "/api/quotes", buyer, quote);
							assertThat(own.statusCode()).as("the owner's quote: %s", own.body()).isEqualTo(200);
							assertProblem(http.post(GATEWAY + "/api/quotes", otherBuyer, quote), Expected.NOT_FOUND);
						}),
				DynamicTest.dynamicTest("a consumer's wallet coupon is in no other consumer's wallet", () -> {
					assertThat(ids(http.get(GATEWAY + "/api/me/coupons", buyer))).contains(owned.couponId());
					assertThat(ids(http.get(GATEWAY + "/api/me/coupons", otherBuyer))).doesNotContain(owned.couponId());
				}),
				DynamicTest.dynamicTest("a buyer's entry token is refused to another buyer → 403 FORBIDDEN", () -> {
					HttpResponse<String> response = http.post(GATEWAY + "/api/flash-sales/" + owned.flashSaleId() + "/orders",
							otherBuyer, "{\"token\":\"%s\"}".formatted(owned.entryToken()), "Idempotency-Key",
							UUID.randomUUID().toString());
					assertProblem(response, Expected.FORBIDDEN);
					assertThat(response.body()).contains("someone else's");
				}),
				read("a merchant's template is not found by another merchant", template, merchant, otherMerchant),
				read("a merchant's template's bindings are not found by another merchant", template + "/bindings", merchant,
						otherMerchant),
				DynamicTest.dynamicTest("a merchant's sign-ups and items are in no other merchant's lists", () -> {
					assertThat(field(http.get(GATEWAY + "/merchant/signups?size=100", merchant), "activityId"))
						.contains(owned.activityId());
					assertThat(field(http.get(GATEWAY + "/merchant/signups?size=100", otherMerchant), "activityId"))
						.doesNotContain(owned.activityId());
					assertThat(field(http.get(GATEWAY + "/merchant/items?size=100", merchant), "itemId"))
						.contains(owned.itemId());
					assertThat(field(http.get(GATEWAY + "/merchant/items?size=100", otherMerchant), "itemId"))
						.doesNotContain(owned.itemId());
				}),
				DynamicTest.dynamicTest("a merchant's templates are in no other merchant's list", () -> {
					String list = "/merchant/coupon-templates?activityId=" + owned.activityId();
					assertThat(ids(http.get(GATEWAY + list, merchant))).contains(owned.templateId());
					assertThat(ids(http.get(GATEWAY + list, otherMerchant))).doesNotContain(owned.templateId());
				}),
				change("enabling", "POST", template + "/enable", otherMerchant, null),
				change("terminating", "POST", template + "/terminate", otherMerchant, null),
				change("binding", "POST", template + "/bindings", otherMerchant,
						"{\"listingIds\":[\"%s\"]}".formatted(owned.otherItemId())),
				change("unbinding", "DELETE", template + "/bindings/" + owned.itemId(), otherMerchant, null),
				DynamicTest.dynamicTest("binding another merchant's listing is rejected with FORBIDDEN",
						() -> assertThat(owned.foreignListingRejection()).isEqualTo("FORBIDDEN")),
				change("re-registering", "PUT", item, otherMerchant,
						"{\"title\":\"Taken\",\"cityId\":\"310000\",\"listPrice\":1000,\"priceUnit\":\"ONE_TIME\",\"deposit\":0}"),
				change("setting a fan price of", "PUT", item + "/fan-prices/ALL_FANS", otherMerchant, "{\"price\":100}"),
				change("removing a fan price of", "DELETE", item + "/fan-prices/OLD_FANS", otherMerchant, null),
				read("a merchant's item's fan prices are not found by another merchant", item + "/fan-prices", merchant,
						otherMerchant));
	}

	/** A read of someone else's resource: 404, as if it did not exist; its owner reads it (200). */
	static DynamicTest read(String name, String path, String owner, String other) {
		return DynamicTest.dynamicTest(name + " → 404 NOT_FOUND", () -> {
			HttpResponse<String> own = http.get(GATEWAY + path, owner);
			assertThat(own.statusCode()).as("the owner reads %s: %s", path, own.body()).isEqualTo(200);
			assertProblem(http.get(GATEWAY + path, other), Expected.NOT_FOUND);
		});
	}

	/** A merchant changing another merchant's template or item: 403 (API.md). */
	static DynamicTest change(String what, String method, String path, String other, String body) {
		String noun = path.startsWith("/merchant/items") ? "item" : "template";
		return DynamicTest.dynamicTest(what + " another merchant's " + noun + " (" + method + " " + path.replaceAll("\\d{5,}", "{id}")
				+ ") → 403 FORBIDDEN", () -> assertProblem(http.send(method, GATEWAY + path, other, body), Expected.FORBIDDEN));
	}

	/**
	 * Real resources of one merchant and one consumer, made through the gateway: a COUPON and a
	 * FLASH_SALE activity whose sign-up is open now and which run a few seconds later, the
	 * merchant's sign-ups, two items (one of another merchant), a fan price, an enabled AMOUNT_OFF
	 * template bound to the item, an enabled flash sale, then the consumer's claim (issued, so a
	 * wallet coupon) and flash-sale order.
	 */
	record Owned(String merchant, String buyer, String activityId, String templateId, String itemId,
			String otherItemId, String foreignListingRejection, String claimId, String couponId, String flashSaleId,
			String entryToken, String transactionId) {

		private static Owned created;

		/** Made once, by the first test that needs them. */
		static synchronized Owned get() {
			if (created == null) {
				created = create();
			}
			return created;
		}

		static Owned create() {
			String ops = token(subject(), "OPS");
			String merchant = token(subject(), "MERCHANT");
			String otherMerchant = token(subject(), "MERCHANT");
			String buyer = token(subject(), "CONSUMER");
			Instant now = Instant.now();
			// sign-up and templates before it runs: the activity's start ends its sign-up window
			Instant running = now.plusSeconds(8);
			String coupons = activity(ops, "COUPON", "AMOUNT_OFF", now, running);
			String flashSales = activity(ops, "FLASH_SALE", "SPECIAL_PRICE", now, running);

			String itemId = subject();
			String otherItemId = subject();
			expect(200, http.put(GATEWAY + "/merchant/items/" + itemId, merchant, item("Loft")));
			expect(200, http.put(GATEWAY + "/merchant/items/" + otherItemId, otherMerchant, item("Studio")));
			expect(200, http.put(GATEWAY + "/merchant/items/" + itemId + "/fan-prices/ALL_FANS", merchant,
					"{\"price\":270000}"));
			expect(200, http.put(GATEWAY + "/merchant/items/" + itemId + "/fan-prices/OLD_FANS", merchant,
					"{\"price\":280000}"));

			// coupon-service learns activities from their events
			for (String activityId : List.of(coupons, flashSales)) {
				await("merchant signs up to activity " + activityId).atMost(Duration.ofSeconds(30))
					.until(() -> http.post(GATEWAY + "/merchant/activities/" + activityId + "/signups", merchant, null)
						.statusCode() == 201);
			}
			String templateId = enabledTemplate(merchant, coupons, "AMOUNT_OFF", "\"amountOff\":1000");
			String flashSaleId = enabledTemplate(merchant, flashSales, "SPECIAL_PRICE", "\"specialPrice\":1888");

			// and items from theirs: NOT_FOUND until it has them
			String bindings = GATEWAY + "/merchant/coupon-templates/" + templateId + "/bindings";
			await("the item reaches coupon-service").atMost(Duration.ofSeconds(30))
				.until(() -> json(http.post(bindings, merchant, "{\"listingIds\":[\"%s\"]}".formatted(itemId)), "$.bound")
					.toString()
					.contains(itemId));
			String[] rejection = new String[1];
			await("the other merchant's item reaches coupon-service").atMost(Duration.ofSeconds(30)).until(() -> {
				HttpResponse<String> response = http.post(bindings, merchant,
						"{\"listingIds\":[\"%s\"]}".formatted(otherItemId));
				rejection[0] = json(response, "$.rejected[0].code");
				return !"NOT_FOUND".equals(rejection[0]);
			});

			for (String id : List.of(templateId, flashSaleId)) {
				await("claim-service knows template " + id).atMost(Duration.ofSeconds(60))
					.until(() -> http.get(GATEWAY + "/ops/coupon-templates/" + id + "/stock", ops).statusCode() == 200);
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(running.plusMillis(200)));

			// a new key per attempt: a refusal (not running yet) would be replayed under the same key
			String[] claimId = new String[1];
			await("a claim is accepted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
				HttpResponse<String> claim = http.post(GATEWAY + "/api/coupon-templates/" + templateId + "/claims", buyer,
						null, "Idempotency-Key", UUID.randomUUID().toString());
				claimId[0] = claim.statusCode() == 201 ? json(claim, "$.claimId") : null;
				return claimId[0] != null;
			});
			String[] couponId = new String[1];
			await("the claim is issued").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
				HttpResponse<String> claim = http.get(GATEWAY + "/api/claims/" + claimId[0], buyer);
				couponId[0] = "ISSUED".equals(json(claim, "$.status")) ? json(claim, "$.couponId") : null;
				return couponId[0] != null;
			});

			// the token budget is 5 per user in 10 s: ask seldom
			String[] entryToken = new String[1];
			await("an entry token").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(3)).until(() -> {
				HttpResponse<String> issued = http.post(GATEWAY + "/api/flash-sales/" + flashSaleId + "/tokens", buyer, null);
				entryToken[0] = issued.statusCode() == 201 ? json(issued, "$.token") : null;
				return entryToken[0] != null;
			});
			HttpResponse<String> order = expect(201, http.post(GATEWAY + "/api/flash-sales/" + flashSaleId + "/orders",
					buyer, "{\"token\":\"%s\"}".formatted(entryToken[0]), "Idempotency-Key", UUID.randomUUID().toString()));
			String transactionId = json(order, "$.transactionId");
			// the transaction record is written from its Kafka event, like a claim's: readable a moment later
			await("transaction " + transactionId + " recorded").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> http.get(GATEWAY + "/api/flash-sales/transactions/" + transactionId, buyer).statusCode() == 200);
			return new Owned(merchant, buyer, coupons, templateId, itemId, otherItemId, rejection[0], claimId[0],
					couponId[0], flashSaleId, entryToken[0], transactionId);
		}

		/** A published activity of one coupon type, sign-up open now, running from {@code running}. */
		static String activity(String ops, String kind, String type, Instant now, Instant running) {
			HttpResponse<String> activity = expect(201, http.post(GATEWAY + "/ops/activities", ops, """
					{"title":"Authorization matrix","kind":"%s","cityIds":["310000"],"couponTypes":["%s"],
					 "valueLowerLimit":100,"valueUpperLimit":50000,"applyStartTime":"%s","applyEndTime":"%s",
					 "activityStartTime":"%s","activityEndTime":"%s"}""".formatted(kind, type, now.minusSeconds(5), running,
					running, now.plus(Duration.ofDays(1)))));
			String id = json(activity, "$.id");
			expect(200, http.post(GATEWAY + "/ops/activities/" + id + "/publish", ops, null));
			return id;
		}

		static String enabledTemplate(String merchant, String activityId, String type, String value) {
			HttpResponse<String> template = expect(201, http.post(GATEWAY + "/merchant/coupon-templates", merchant, """
					{"activityId":"%s","cityId":"310000","type":"%s","title":"Matrix",%s,
					 "totalStock":10,"perUserLimit":1,"validity":{"type":"FLOATING","days":30}}"""
				.formatted(activityId, type, value)));
			String id = json(template, "$.id");
			expect(200, http.post(GATEWAY + "/merchant/coupon-templates/" + id + "/enable", merchant, null));
			return id;
		}

		static String item(String title) {
			return "{\"title\":\"%s\",\"cityId\":\"310000\",\"listPrice\":300000,\"priceUnit\":\"MONTHLY\",\"deposit\":50000}"
				.formatted(title);
		}

		static HttpResponse<String> expect(int status, HttpResponse<String> response) {
			assertThat(response.statusCode()).as("%s %s: %s", response.request().method(), response.uri(), response.body())
				.isEqualTo(status);
			return response;
		}

	}

	// ---------------------------------------------------------------------------------------------

	static HttpResponse<String> send(String method, String url, String token) {
		boolean withBody = Set.of("POST", "PUT", "PATCH").contains(method);
		return http.send(method, url, token, withBody ? "{}" : null);
	}

	/** A refusal: the status, a problem body and its code. */
	static void assertProblem(HttpResponse<String> response, Expected expected) {
		assertProblem("", response, expected);
	}

	static void assertProblem(String cell, HttpResponse<String> response, Expected expected) {
		String what = cell + ": " + response.request().method() + " " + response.uri() + " → " + response.statusCode() + " "
				+ response.headers().firstValue("Content-Type").orElse("(no content type)") + " " + response.body();
		assertThat(response.statusCode()).as(what).isEqualTo(expected.status());
		assertThat(response.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat((String) json(response, "$.code")).as(what).isEqualTo(expected.code());
	}

	/** The ids of a list's items (API.md "Lists"). */
	static List<String> ids(HttpResponse<String> response) {
		return field(response, "id");
	}

	/** A field of every item of a list answer. */
	static List<String> field(HttpResponse<String> response, String name) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response, "$.items[*]." + name);
	}

	static String token(String subject, String... roles) {
		return TestTokens.sign(RunningPlatform.JWT_SECRET, subject, Instant.now().plusSeconds(600), roles);
	}

	/** A principal of this run only, so nothing here meets another test's resources. */
	static String subject() {
		return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000_000L));
	}

}
