package com.promo.pricing.quote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.promo.web.FieldViolation;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

/** The body of {@code POST /api/quotes}, checked field by field. */
final class QuoteRequests {

	static final int MAX_LINES = 100;

	static final int MAX_QUANTITY = 100;

	static final int MAX_LEASE_MONTHS = 120;

	private QuoteRequests() {
	}

	record QuoteItem(String itemId, Integer quantity) {
	}

	record QuoteRequest(List<QuoteItem> items, String couponId, Integer leaseMonths) {

		Order toOrder() {
			List<FieldViolation> v = new ArrayList<>();
			Map<Long, Integer> quantities = new LinkedHashMap<>();
			if (this.items == null || this.items.isEmpty() || this.items.size() > MAX_LINES) {
				v.add(new FieldViolation("items", "must hold 1-" + MAX_LINES + " items"));
			}
			else {
				for (int i = 0; i < this.items.size(); i++) {
					QuoteItem item = this.items.get(i);
					String id = item == null ? null : item.itemId();
					if (id == null || !id.matches("[0-9]{1,18}")) {
						v.add(new FieldViolation("items[" + i + "].itemId", "must be an item id (digits)"));
					}
					else if (quantities.containsKey(Long.parseLong(id))) {
						v.add(new FieldViolation("items[" + i + "].itemId", "appears more than once"));
					}
					if (item == null || item.quantity() == null || item.quantity() < 1 || item.quantity() > MAX_QUANTITY) {
						v.add(new FieldViolation("items[" + i + "].quantity", "must be 1-" + MAX_QUANTITY));
					}
					else if (id != null && id.matches("[0-9]{1,18}")) {
						quantities.putIfAbsent(Long.parseLong(id), item.quantity());
					}
				}
			}
			if (this.couponId != null && !this.couponId.matches("[0-9]{1,18}")) {
				v.add(new FieldViolation("couponId", "must be a coupon id (digits) or null"));
			}
			if (this.leaseMonths != null && (this.leaseMonths < 1 || this.leaseMonths > MAX_LEASE_MONTHS)) {
				v.add(new FieldViolation("leaseMonths", "must be 1-" + MAX_LEASE_MONTHS));
			}
			if (!v.isEmpty()) {
				throw new ProblemException(ProblemCode.VALIDATION_FAILED, "invalid quote request", v);
			}
			return new Order(quantities, this.couponId == null ? null : Long.parseLong(this.couponId),
					this.leaseMonths == null ? 1 : this.leaseMonths);
		}

	}

	/** A checked request: quantities by item id in the order given, the coupon asked for, the lease. */
	record Order(Map<Long, Integer> quantities, Long couponId, int leaseMonths) {
	}

}
