package com.promo.pricing.quote;

import java.util.List;

import com.promo.contracts.activity.CouponType;
import com.promo.security.CurrentPrincipal;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/quotes}: what an order would cost the caller now, with a coupon (CONSUMER role). */
@RestController
class QuoteController {

	record LineResponse(String itemId, int quantity, long listPrice, long unitPrice, String crowdId, long lineTotal) {
	}

	/** {@code discount}: the coupon's value on these lines ({@code depositWaived} for DEPOSIT_FREE). */
	record CouponResponse(String couponId, CouponType type, long discount, long depositWaived) {
	}

	record QuoteResponse(List<LineResponse> lines, long subtotal, CouponResponse coupon, long discount,
			Long monthlyDiscount, long deposit, long total, boolean couponsUnavailable) {
	}

	private final QuoteService quotes;

	QuoteController(QuoteService quotes) {
		this.quotes = quotes;
	}

	@PostMapping("/api/quotes")
	QuoteResponse quote(@RequestBody QuoteRequests.QuoteRequest request) {
		QuoteRequests.Order order = request.toOrder();
		QuoteService.Quote q = this.quotes.quote(Long.parseLong(CurrentPrincipal.id()), order);
		List<LineResponse> lines = q.lines()
			.stream()
			.map(l -> new LineResponse(String.valueOf(l.itemId()), l.quantity(), l.listPrice(), l.unitPrice(),
					l.crowdId(), l.lineTotal()))
			.toList();
		CouponResponse coupon = q.coupon() == null ? null
				: new CouponResponse(q.coupon().coupon().id(), q.coupon().coupon().type(), q.coupon().effect().value(),
						q.coupon().effect().depositWaived());
		return new QuoteResponse(lines, q.subtotal(), coupon, q.discount(), q.monthlyDiscount(), q.deposit(),
				q.total(), q.couponsUnavailable());
	}

}
