package com.promo.coupon;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.item.PriceUnit;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Listing bindings: the per-listing cap under concurrency, refusals per listing, the public reads. */
class BindingIT extends CouponServiceTestBase {

	static final Set<CouponType> TYPES = Set.of(CouponType.AMOUNT_OFF, CouponType.PERCENT_OFF, CouponType.DEPOSIT_FREE);

	record Merchant(long id, String token) {
	}

	Merchant merchant() {
		long id = newId();
		return new Merchant(id, TestTokens.token(String.valueOf(id), "MERCHANT"));
	}

	String template(Merchant merchant, long activity, String type, String value) {
		HttpResponse<String> created = api().post("/merchant/coupon-templates", merchant.token(),
				templateJson(activity, type, value));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json(created, "$.id");
	}

	long signedUpActivity(Merchant merchant) {
		long activity = signupOpenActivity(ActivityKind.COUPON, TYPES);
		api().post("/merchant/activities/" + activity + "/signups", merchant.token(), null);
		return activity;
	}

	int activeBindings(long listingId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM coupon_binding WHERE listing_id = ? AND active",
				Integer.class, listingId);
	}

	@Test
	void fiftyConcurrentBindRequestsOnOneListingNeverPassTheCap() throws Exception {
		Merchant merchant = merchant();
		long activity = signedUpActivity(merchant);
		long listing = publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 600000);
		List<String> templates = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			templates.add(template(merchant, activity, "AMOUNT_OFF", "\"amountOff\":" + (1000 + i)));
		}

		int requests = 50;
		CyclicBarrier start = new CyclicBarrier(requests);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(requests)) {
			for (int i = 0; i < requests; i++) {
				String template = templates.get(i % templates.size());
				answers.add(pool.submit(() -> {
					start.await();
					return api().post("/merchant/coupon-templates/" + template + "/bindings", merchant.token(),
							"{\"listingIds\":[\"" + listing + "\"]}");
				}));
			}
			int bound = 0;
			int limited = 0;
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get();
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				bound += ((List<?>) json(response, "$.bound")).size();
				limited += ((List<?>) json(response, "$.rejected[?(@.code == 'LIMIT_REACHED')]")).size();
			}
			assertThat(bound + limited).isEqualTo(requests);
		}
		assertThat(activeBindings(listing)).isEqualTo(3);
		assertThat(this.jdbc.queryForObject("SELECT active_count FROM listing_binding_count WHERE listing_id = ?",
				Integer.class, listing)).isEqualTo(3);
	}

	@Test
	void eachListingIsBoundOrRefusedOnItsOwn() {
		Merchant merchant = merchant();
		Merchant other = merchant();
		long activity = signedUpActivity(merchant);
		long mine = publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 0);
		long full = publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 0);
		long theirs = publishListing(other.id(), 300000, PriceUnit.MONTHLY, 0);
		for (int i = 0; i < 3; i++) {
			String filler = template(merchant, activity, "AMOUNT_OFF", "\"amountOff\":" + (2000 + i));
			api().post("/merchant/coupon-templates/" + filler + "/bindings", merchant.token(),
					"{\"listingIds\":[\"" + full + "\"]}");
		}
		String template = template(merchant, activity, "PERCENT_OFF", "\"percentOff\":10");
		long unknown = newId();

		HttpResponse<String> response = api().post("/merchant/coupon-templates/" + template + "/bindings",
				merchant.token(), "{\"listingIds\":[\"%d\",\"%d\",\"%d\",\"%d\",\"%d\"]}".formatted(mine, theirs, full,
						unknown, mine));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((List<String>) json(response, "$.bound")).containsExactly(String.valueOf(mine));
		assertThat((List<String>) json(response, "$.rejected[?(@.listingId == '" + theirs + "')].code"))
			.containsExactly("FORBIDDEN");
		assertThat((List<String>) json(response, "$.rejected[?(@.listingId == '" + full + "')].code"))
			.containsExactly("LIMIT_REACHED");
		assertThat((List<String>) json(response, "$.rejected[?(@.listingId == '" + unknown + "')].code"))
			.containsExactly("NOT_FOUND");

		HttpResponse<String> again = api().post("/merchant/coupon-templates/" + template + "/bindings", merchant.token(),
				"{\"listingIds\":[\"" + mine + "\"]}");
		assertThat((List<String>) json(again, "$.bound")).as("binding twice is harmless").containsExactly(String.valueOf(mine));
		assertThat(activeBindings(mine)).isEqualTo(1);

		assertThat(api().post("/merchant/coupon-templates/" + template + "/bindings", other.token(),
				"{\"listingIds\":[\"" + theirs + "\"]}").statusCode()).as("someone else's template").isEqualTo(403);
		assertThat(api().delete("/merchant/coupon-templates/" + template + "/bindings/" + mine, merchant.token())
			.statusCode()).isEqualTo(204);
		assertThat(activeBindings(mine)).isZero();
		assertThat(api().delete("/merchant/coupon-templates/" + template + "/bindings/" + mine, merchant.token())
			.statusCode()).as("unbinding twice is harmless").isEqualTo(204);
	}

	@Test
	void aMerchantListsATemplatesActiveBindingsWithEachListingsUseOfTheCap() {
		Merchant merchant = merchant();
		long activity = signedUpActivity(merchant);
		long busy = publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 0);
		long quiet = publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 0);
		long unbound = publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 0);
		String other = template(merchant, activity, "AMOUNT_OFF", "\"amountOff\":1500");
		api().post("/merchant/coupon-templates/" + other + "/bindings", merchant.token(),
				"{\"listingIds\":[\"" + busy + "\"]}");
		String template = template(merchant, activity, "AMOUNT_OFF", "\"amountOff\":2500");
		String path = "/merchant/coupon-templates/" + template + "/bindings";
		api().post(path, merchant.token(), "{\"listingIds\":[\"" + busy + "\"]}");
		api().post(path, merchant.token(), "{\"listingIds\":[\"" + quiet + "\",\"" + unbound + "\"]}");
		api().delete(path + "/" + unbound, merchant.token());

		HttpResponse<String> listed = api().get(path, merchant.token());
		assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
		assertThat((Integer) json(listed, "$.total")).isEqualTo(2);
		assertThat((List<Integer>) json(listed, "$.items[?(@.listingId == '" + busy + "')].activeBindingsOnListing"))
			.containsExactly(2);
		assertThat((List<Integer>) json(listed, "$.items[?(@.listingId == '" + quiet + "')].activeBindingsOnListing"))
			.containsExactly(1);
		assertThat((List<Integer>) json(listed, "$.items[*].bindingCap")).containsOnly(3);
		assertThat((List<String>) json(listed, "$.items[*].createdAt")).doesNotContainNull();
		assertThat((List<String>) json(api().get(path + "?page=1&size=1", merchant.token()), "$.items[*].listingId"))
			.hasSize(1);

		HttpResponse<String> foreign = api().get(path, merchant().token());
		assertThat(foreign.statusCode()).as("someone else's template is not revealed").isEqualTo(404);
		assertThat(api().get("/merchant/coupon-templates/" + newId() + "/bindings", merchant.token()).statusCode())
			.isEqualTo(404);
		assertThat(api().get(path + "?size=0", merchant.token()).body()).contains("\"field\":\"size\"");
	}

	@Test
	void aTerminatedTemplateGivesItsSlotsBackAndCannotBeBound() {
		Merchant merchant = merchant();
		long activity = signedUpActivity(merchant);
		long listing = publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 0);
		String template = template(merchant, activity, "AMOUNT_OFF", "\"amountOff\":3000");
		api().post("/merchant/coupon-templates/" + template + "/bindings", merchant.token(),
				"{\"listingIds\":[\"" + listing + "\"]}");
		assertThat(activeBindings(listing)).isEqualTo(1);

		api().post("/merchant/coupon-templates/" + template + "/terminate", merchant.token(), null);

		assertThat(activeBindings(listing)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT active_count FROM listing_binding_count WHERE listing_id = ?",
				Integer.class, listing)).isZero();
		assertThat(api().post("/merchant/coupon-templates/" + template + "/bindings", merchant.token(),
				"{\"listingIds\":[\"" + listing + "\"]}").statusCode()).isEqualTo(422);
	}

	@Test
	void consumersSeeTheClaimableCouponsOfAListingAndTheBestCouponOfEachDiscountedListing() {
		Merchant merchant = merchant();
		long activity = signedUpActivity(merchant);
		long listing = publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 600000);
		String small = template(merchant, activity, "AMOUNT_OFF", "\"amountOff\":3000");
		String deposit = template(merchant, activity, "DEPOSIT_FREE", "");
		String neverEnabled = template(merchant, activity, "PERCENT_OFF", "\"percentOff\":5");
		for (String t : List.of(small, deposit, neverEnabled)) {
			api().post("/merchant/coupon-templates/" + t + "/bindings", merchant.token(),
					"{\"listingIds\":[\"" + listing + "\"]}");
		}
		api().post("/merchant/coupon-templates/" + small + "/enable", merchant.token(), null);
		api().post("/merchant/coupon-templates/" + deposit + "/enable", merchant.token(), null);

		assertThat((List<?>) json(api().get("/api/listings/" + listing + "/coupons", null), "$.items"))
			.as("the activity is not running yet")
			.isEmpty();

		startActivity(activity, ActivityKind.COUPON, TYPES);

		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat((List<String>) json(api().get("/api/listings/" + listing + "/coupons", null),
					"$.items[*].id")).containsExactlyInAnyOrder(small, deposit));
		HttpResponse<String> discounted = api().get("/api/listings/discounted?activityId=" + activity, null);
		assertThat(discounted.statusCode()).isEqualTo(200);
		assertThat((Integer) json(discounted, "$.total")).isEqualTo(1);
		assertThat((String) json(discounted, "$.items[0].listingId")).isEqualTo(String.valueOf(listing));
		assertThat((String) json(discounted, "$.items[0].bestCoupon.id")).as("the deposit waiver is worth more")
			.isEqualTo(deposit);
		assertThat((Integer) json(discounted, "$.items[0].estimatedDiscount")).isEqualTo(600000);

		assertThat(api().get("/api/listings/discounted?size=101", null).statusCode()).isEqualTo(400);
		assertThat(api().get("/api/listings/abc/coupons", null).statusCode()).isEqualTo(400);
		assertThat(api().get("/api/listings/" + listing + "/coupons", "garbage").statusCode()).isEqualTo(401);
	}

	@Test
	void badBindRequestsAreRefusedAndBindNothing() {
		Merchant merchant = merchant();
		long activity = signedUpActivity(merchant);
		long listing = publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 0);
		String template = template(merchant, activity, "AMOUNT_OFF", "\"amountOff\":3000");
		String path = "/merchant/coupon-templates/" + template + "/bindings";

		assertThat((String) json(api().post(path, merchant.token(), "{\"listingIds\":[]}"), "$.errors[0].field"))
			.isEqualTo("listingIds");
		assertThat((String) json(api().post(path, merchant.token(), "{\"listingIds\":[\"" + listing + "\",\"x1\"]}"),
				"$.errors[0].field")).isEqualTo("listingIds[1]");
		assertThat(api().post(path, merchant.token(), "{\"listingIds\":\"" + listing + "\"}").statusCode()).isEqualTo(400);
		assertThat(api().post(path, merchant.token(), "{\"listingIds\":[").statusCode()).isEqualTo(400);
		assertThat(api().post("/merchant/coupon-templates/" + newId() + "/bindings", merchant.token(),
				"{\"listingIds\":[\"" + listing + "\"]}").statusCode()).isEqualTo(404);
		assertThat(activeBindings(listing)).isZero();
	}

}
