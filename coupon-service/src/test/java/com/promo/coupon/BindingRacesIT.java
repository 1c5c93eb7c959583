package com.promo.coupon;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.CouponType;
import com.promo.contracts.item.PriceUnit;
import com.promo.testsupport.AllAtOnce;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import static com.promo.testsupport.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding races the cap test does not try: unbinds and a template's termination running at the
 * same moment as binds on the same listings. Whatever the interleaving, each listing's counter
 * equals its active bindings (never above the cap), and a terminated template holds no active
 * binding (its slots are free for others), read from the database afterwards.
 */
class BindingRacesIT extends CouponServiceTestBase {

	static final Set<CouponType> TYPES = Set.of(CouponType.AMOUNT_OFF);

	static final int CAP = 3;

	record Merchant(long id, String token, long activity) {
	}

	Merchant merchant() {
		long id = newId();
		String token = TestTokens.token(String.valueOf(id), "MERCHANT");
		long activity = signupOpenActivity(ActivityKind.COUPON, TYPES);
		api().post("/merchant/activities/" + activity + "/signups", token, null);
		return new Merchant(id, token, activity);
	}

	List<String> templates(Merchant merchant, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			HttpResponse<String> created = api().post("/merchant/coupon-templates", merchant.token(),
					templateJson(merchant.activity(), "AMOUNT_OFF", "\"amountOff\":" + (1000 + i)));
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			ids.add(json(created, "$.id"));
		}
		return ids;
	}

	HttpResponse<String> bind(Merchant merchant, String template, List<Long> listings) {
		String ids = listings.stream().map(l -> "\"" + l + "\"").collect(Collectors.joining(","));
		return api().post("/merchant/coupon-templates/" + template + "/bindings", merchant.token(),
				"{\"listingIds\":[" + ids + "]}");
	}

	/** Each listing's counter equals its active bindings, at most the cap. */
	void assertCountersExact(List<Long> listings) {
		for (long listing : listings) {
			int active = this.jdbc.queryForObject("SELECT COUNT(*) FROM coupon_binding WHERE listing_id = ? AND active",
					Integer.class, listing);
			Integer counted = this.jdbc.queryForObject(
					"SELECT COALESCE(MAX(active_count), 0) FROM listing_binding_count WHERE listing_id = ?", Integer.class,
					listing);
			assertThat(counted).as("listing %d's counter against its active bindings", listing).isEqualTo(active);
			assertThat(active).as("listing %d's active bindings", listing).isLessThanOrEqualTo(CAP);
		}
	}

	@Test
	void unbindsRacingBindsOnOneListingKeepItsCounterExact() throws Exception {
		Merchant merchant = merchant();
		long listing = publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 0);
		List<String> templates = templates(merchant, 4);
		List<Callable<Integer>> tasks = new ArrayList<>();
		for (int worker = 0; worker < 24; worker++) {
			// three binders and three unbinders per template, four templates for three slots
			String template = templates.get((worker / 2) % templates.size());
			boolean binder = worker % 2 == 0;
			tasks.add(() -> {
				for (int round = 0; round < 6; round++) {
					HttpResponse<String> response = binder ? bind(merchant, template, List.of(listing))
							: api().delete("/merchant/coupon-templates/" + template + "/bindings/" + listing,
									merchant.token());
					assertThat(response.statusCode()).as(response.body()).isIn(200, 204);
				}
				return 0;
			});
		}
		AllAtOnce.run(tasks);
		assertCountersExact(List.of(listing));

		for (String template : templates) { // all gone: the counter is back at zero, not below or above
			api().delete("/merchant/coupon-templates/" + template + "/bindings/" + listing, merchant.token());
		}
		assertCountersExact(List.of(listing));
		assertThat(this.jdbc.queryForObject("SELECT active_count FROM listing_binding_count WHERE listing_id = ?",
				Integer.class, listing)).isZero();
		assertThat(bind(merchant, templates.get(0), List.of(listing)).body()).as("the slots are free again")
			.contains("\"bound\":[\"" + listing + "\"]");
	}

	@Test
	void aTemplateTerminatedWhileItIsBeingBoundKeepsNoActiveBinding() throws Exception {
		Merchant merchant = merchant();
		List<Long> listings = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			listings.add(publishListing(merchant.id(), 300000, PriceUnit.MONTHLY, 0));
		}
		List<String> terminated = templates(merchant, 6);
		List<String> kept = templates(merchant, 2);
		List<Callable<HttpResponse<String>>> tasks = new ArrayList<>();
		for (String template : terminated) {
			// one request binds the template to every listing, one listing per transaction; the
			// termination lands somewhere in between
			tasks.add(() -> bind(merchant, template, listings));
			tasks.add(() -> api().post("/merchant/coupon-templates/" + template + "/terminate", merchant.token(), null));
		}
		for (String template : kept) {
			tasks.add(() -> bind(merchant, template, listings));
		}
		for (HttpResponse<String> response : AllAtOnce.run(tasks)) {
			// a bind that starts after the termination is refused as a whole
			assertThat(response.statusCode()).as(response.body()).isIn(200, 422);
		}

		for (String template : terminated) {
			assertThat(this.jdbc.queryForObject("SELECT status FROM coupon_template WHERE id = ?", String.class,
					Long.parseLong(template))).isEqualTo("TERMINATED");
			assertThat(this.jdbc.queryForList(
					"SELECT listing_id FROM coupon_binding WHERE template_id = ? AND active", Long.class,
					Long.parseLong(template)))
				.as("active bindings of terminated template %s", template)
				.isEmpty();
		}
		assertCountersExact(listings);
		for (String template : kept) { // the terminated templates' slots are free: both kept ones fit everywhere
			HttpResponse<String> again = bind(merchant, template, listings);
			assertThat((List<?>) json(again, "$.bound")).as(again.body()).hasSize(listings.size());
		}
		assertCountersExact(listings);
	}

}
