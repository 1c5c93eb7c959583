package com.promo.coupon.wallet;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database arbiter's rule over one batch of claims, in the order they arrived: a claim is
 * granted while its template has units left and its user holds fewer coupons of it than the
 * per-user limit. Otherwise it is refused: {@code SOLD_OUT} when no unit is left (checked first,
 * as Redis does), {@code LIMIT_REACHED} when the user is at the limit, {@code NOT_CLAIMABLE} for a
 * template the wallet does not know. Plain and single-threaded: the caller reads the counters under
 * the templates' row locks, asks for every new claim in turn, and writes back the totals.
 */
final class Arbitration {

	enum Verdict {

		GRANTED, SOLD_OUT, LIMIT_REACHED, NOT_CLAIMABLE;

		/** The refusal code a settlement carries; none for a grant. */
		String code() {
			return this == GRANTED ? null : name();
		}

	}

	/** What a template allows: units left now and the per-user limit. */
	record Allowance(long left, int perUserLimit) {
	}

	record UserSlot(long templateId, long userId) {
	}

	private final Map<Long, Long> left = new HashMap<>();

	private final Map<Long, Integer> limits = new HashMap<>();

	private final Map<UserSlot, Integer> held;

	private final Map<Long, Integer> grantedPerTemplate = new LinkedHashMap<>();

	private final Map<UserSlot, Integer> grantedPerUser = new LinkedHashMap<>();

	/**
	 * @param allowances what each known template allows, by template id
	 * @param held coupons each user already holds of a template (absent: none)
	 */
	Arbitration(Map<Long, Allowance> allowances, Map<UserSlot, Integer> held) {
		allowances.forEach((template, allowance) -> {
			this.left.put(template, allowance.left());
			this.limits.put(template, allowance.perUserLimit());
		});
		this.held = new HashMap<>(held);
	}

	Verdict decide(long templateId, long userId) {
		Long unitsLeft = this.left.get(templateId);
		if (unitsLeft == null) {
			return Verdict.NOT_CLAIMABLE;
		}
		if (unitsLeft <= 0) {
			return Verdict.SOLD_OUT;
		}
		UserSlot slot = new UserSlot(templateId, userId);
		if (this.held.getOrDefault(slot, 0) >= this.limits.get(templateId)) {
			return Verdict.LIMIT_REACHED;
		}
		this.left.put(templateId, unitsLeft - 1);
		this.held.merge(slot, 1, Integer::sum);
		this.grantedPerTemplate.merge(templateId, 1, Integer::sum);
		this.grantedPerUser.merge(slot, 1, Integer::sum);
		return Verdict.GRANTED;
	}

	/** Units granted in this batch, per template: what the template counters go up by. */
	Map<Long, Integer> grantedPerTemplate() {
		return this.grantedPerTemplate;
	}

	/** Coupons granted in this batch, per user and template: what the user counters go up by. */
	Map<UserSlot, Integer> grantedPerUser() {
		return this.grantedPerUser;
	}

}
