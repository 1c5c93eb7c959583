package com.promo.pricing.price;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.promo.pricing.remote.RemoteUnavailable;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.stereotype.Service;

/**
 * Checkout's re-check of a price ({@code POST /internal/prices/verify}): the item and its fan
 * prices from the database, and membership from crowd-sync's durable store (strong mode), never
 * the caches. The buyer is eligible for the price asked when it is not below the lowest price
 * proven now. When crowd-sync cannot answer, verification fails closed with 503: it never grants a
 * price it cannot prove.
 */
@Service
class Verification {

	record Verdict(boolean eligible, long price) {
	}

	private final PricedItems database;

	private final CrowdSyncClient crowdSync;

	private final Clock clock;

	Verification(PricedItems database, CrowdSyncClient crowdSync, Clock clock) {
		this.database = database;
		this.crowdSync = crowdSync;
		this.clock = clock;
	}

	Verdict verify(long userId, long itemId, long askedPrice) {
		PricedItem item = Optional.ofNullable(this.database.load(List.of(itemId)).get(itemId))
			.orElseThrow(() -> ProblemException.notFound("item " + itemId));
		// the price rule, with each membership proven by crowd-sync's store (cheapest crowd first)
		long proven = LowestPrice.of(item, (crowdId) -> isMember(crowdId, userId), this.clock.instant()).price();
		return new Verdict(askedPrice >= proven, proven);
	}

	private boolean isMember(String crowdId, long userId) {
		try {
			return this.crowdSync.isMemberStrongly(crowdId, userId);
		}
		catch (RemoteUnavailable ex) {
			throw new ProblemException(ProblemCode.UNAVAILABLE,
					"crowd membership cannot be verified right now; no fan price is granted");
		}
	}

}
