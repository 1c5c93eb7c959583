package com.promo.pricing.price;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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

	private static final Pattern ITEM_ID = Pattern.compile("[0-9]{1,18}");

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

	/** Distinct ids in the order given; at most {@link #MAX_ITEMS}, each a positive number. */
	static Set<Long> parseItemIds(String itemIds) {
		Set<Long> ids = new LinkedHashSet<>();
		for (String raw : itemIds.split(",", -1)) {
			String id = raw.strip();
			if (!ITEM_ID.matcher(id).matches() || Long.parseLong(id) == 0) {
				throw ProblemException.invalidField("itemIds", "must be comma-separated item ids (digits), not '"
						+ (id.length() > 20 ? id.substring(0, 20) + "..." : id) + "'");
			}
			ids.add(Long.parseLong(id));
		}
		if (ids.size() > MAX_ITEMS) {
			throw ProblemException.invalidField("itemIds", "at most " + MAX_ITEMS + " items per request");
		}
		return ids;
	}

	/** The buyer: only a consumer's id is a user id (a merchant's token on this public read sees list prices). */
	static String consumerOrNull() {
		return CurrentPrincipal.idOrNull(Role.CONSUMER);
	}

}
