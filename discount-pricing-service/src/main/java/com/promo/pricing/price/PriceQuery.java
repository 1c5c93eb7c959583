package com.promo.pricing.price;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.promo.crowd.reader.CrowdMembershipReader;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The lowest prices of several items for one buyer: the items come from the near cache, and the
 * buyer's membership in every crowd that could lower any of them is read with ONE Redis command
 * (an HMGET on the buyer's hash), whatever the number of items.
 */
@Service
public class PriceQuery {

	/** The prices of the known items (by id) at {@code asOf}. */
	public record Prices(Map<Long, PricedItem> items, Map<Long, LowestPrice.Offer> offers, Instant asOf) {
	}

	private final PriceCatalog catalog;

	private final CrowdMembershipReader crowds;

	private final Clock clock;

	private final Timer latency;

	PriceQuery(PriceCatalog catalog, CrowdMembershipReader crowds, Clock clock, MeterRegistry meters) {
		this.catalog = catalog;
		this.crowds = crowds;
		this.clock = clock;
		this.latency = Timer.builder("promo.prices.query")
			.description("pricing a set of items for one buyer (near cache + one membership read)")
			.publishPercentileHistogram()
			.register(meters);
	}

	/** @param userId the buyer, or {@code null} for an anonymous caller (list prices) */
	public Prices prices(String userId, Collection<Long> itemIds) {
		return this.latency.record(() -> price(userId, itemIds));
	}

	private Prices price(String userId, Collection<Long> itemIds) {
		Instant now = this.clock.instant();
		Map<Long, PricedItem> items = this.catalog.items(itemIds);
		Set<String> memberOf = userId == null ? Set.of() : memberships(userId, items.values(), now);
		Map<Long, LowestPrice.Offer> offers = HashMap.newHashMap(items.size());
		items.forEach((id, item) -> offers.put(id, LowestPrice.of(item, memberOf::contains, now)));
		return new Prices(items, offers, now);
	}

	private Set<String> memberships(String userId, Collection<PricedItem> items, Instant now) {
		Set<String> candidates = new LinkedHashSet<>();
		items.forEach(item -> candidates.addAll(item.candidateCrowds(now))); // none: the reader skips Redis
		try {
			return this.crowds.memberships(userId, new ArrayList<>(candidates));
		}
		catch (DataAccessException ex) {
			throw new ProblemException(ProblemCode.UNAVAILABLE, "crowd membership cannot be read right now");
		}
	}

}
