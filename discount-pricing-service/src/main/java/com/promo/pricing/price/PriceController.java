package com.promo.pricing.price;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.promo.security.CurrentPrincipal;
import com.promo.security.Role;
import com.promo.web.ProblemException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/prices?itemIds=1,2,3}: public; a consumer's token makes the prices personal. */
@RestController
class PriceController {

	static final int MAX_ITEMS = 100;

	record ItemPrice(String itemId, long listPrice, long price, String crowdId, long savings) {
	}

	record PricesResponse(List<ItemPrice> items, List<String> unknownItemIds, Instant asOf) {
	}

	private final PriceQuery prices;

	PriceController(PriceQuery prices) {
		this.prices = prices;
	}

	@GetMapping("/api/prices")
	PricesResponse prices(@RequestParam String itemIds) {
		Set<Long> ids = parseItemIds(itemIds);
		PriceQuery.Prices priced = this.prices.prices(consumerOrNull(), ids);
		List<ItemPrice> items = new ArrayList<>();
		List<String> unknown = new ArrayList<>();
		for (long id : ids) {
			LowestPrice.Offer offer = priced.offers().get(id);
			if (offer == null) {
				unknown.add(String.valueOf(id));
			}
			else {
				items.add(new ItemPrice(String.valueOf(id), offer.listPrice(), offer.price(), offer.crowdId(),
						offer.savings()));
			}
		}
		return new PricesResponse(items, unknown, priced.asOf());
	}

	/**
	 * Distinct ids in the order given; at most {@link #MAX_ITEMS}, each a positive number of at most
	 * 18 digits (spaces around an id are allowed). One pass over the characters, no regex: this runs
	 * on every price request.
	 */
	static Set<Long> parseItemIds(String itemIds) {
		Set<Long> ids = new LinkedHashSet<>();
		int start = 0;
		while (start <= itemIds.length()) {
			int comma = itemIds.indexOf(',', start);
			int end = comma < 0 ? itemIds.length() : comma;
			ids.add(itemId(itemIds, start, end));
			if (ids.size() > MAX_ITEMS) {
				throw ProblemException.invalidField("itemIds", "at most " + MAX_ITEMS + " items per request");
			}
			start = end + 1;
		}
		return ids;
	}

	private static long itemId(String all, int from, int to) {
		int start = from;
		int end = to;
		while (start < end && Character.isWhitespace(all.charAt(start))) {
			start++;
		}
		while (end > start && Character.isWhitespace(all.charAt(end - 1))) {
			end--;
		}
		long id = 0;
		boolean valid = end > start && end - start <= 18;
		for (int i = start; valid && i < end; i++) {
			char c = all.charAt(i);
			valid = c >= '0' && c <= '9';
			id = id * 10 + (c - '0');
		}
		if (!valid || id == 0) {
			String raw = all.substring(start, end);
			throw ProblemException.invalidField("itemIds", "must be comma-separated item ids (digits), not '"
					+ (raw.length() > 20 ? raw.substring(0, 20) + "..." : raw) + "'");
		}
		return id;
	}

	/** The buyer: only a consumer's id is a user id (a merchant's token on this public read sees list prices). */
	static String consumerOrNull() {
		return CurrentPrincipal.idOrNull(Role.CONSUMER);
	}

}
