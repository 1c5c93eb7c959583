package com.promo.coupon.wallet;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.promo.contracts.activity.CouponType;
import com.promo.contracts.coupon.Deduction;
import com.promo.coupon.template.CouponTemplate;
import com.promo.coupon.template.TemplateContent;
import com.promo.coupon.template.TemplateRepository;
import com.promo.web.PageQuery;
import com.promo.web.ProblemException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's coupons with the terms of their templates, for discount-pricing-service's quotes
 * (SERVICE role, never routed by the gateway). Read-only; one shard per request.
 */
@RestController
class InternalWalletController {

	record CouponTerms(String id, String templateId, CouponStatus status, Instant validFrom, Instant validUntil,
			String merchantId, String cityId, CouponType type, Long amountOff, Integer percentOff, Long maxDiscount,
			Integer freeDays, Long specialPrice, long thresholdAmount, Deduction deduction) {

		static CouponTerms of(WalletCoupon c, CouponTemplate t, Instant now) {
			TemplateContent terms = t.content();
			return new CouponTerms(String.valueOf(c.id()), String.valueOf(c.templateId()), c.statusAt(now),
					c.validFrom(), c.validUntil(), String.valueOf(t.merchantId()), terms.cityId(), terms.type(),
					terms.amountOff(), terms.percentOff(), terms.maxDiscount(), terms.freeDays(), terms.specialPrice(),
					terms.thresholdAmount(), terms.deduction());
		}

	}

	record CouponTermsList(List<CouponTerms> items) {
	}

	private final WalletRepository wallet;

	private final TemplateRepository templates;

	private final Clock clock;

	InternalWalletController(WalletRepository wallet, TemplateRepository templates, Clock clock) {
		this.wallet = wallet;
		this.templates = templates;
		this.clock = clock;
	}

	/** The user's newest 100 coupons (of one status, as the clock implies it, when given). */
	@GetMapping("/internal/users/{userId}/coupons")
	CouponTermsList coupons(@PathVariable long userId, @RequestParam(required = false) CouponStatus status) {
		Instant now = this.clock.instant();
		List<WalletCoupon> coupons = this.wallet.newest(userId, status, PageQuery.MAX_SIZE, now);
		Map<Long, CouponTemplate> templates = this.templates
			.findAllById(coupons.stream().map(WalletCoupon::templateId).distinct().toList());
		return new CouponTermsList(coupons.stream().map(c -> CouponTerms.of(c, templates.get(c.templateId()), now)).toList());
	}

	/** One of the user's coupons; another user's coupon is not found. */
	@GetMapping("/internal/users/{userId}/coupons/{couponId}")
	CouponTerms coupon(@PathVariable long userId, @PathVariable long couponId) {
		WalletCoupon coupon = this.wallet.find(userId, couponId)
			.orElseThrow(() -> ProblemException.notFound("coupon " + couponId));
		return CouponTerms.of(coupon, template(coupon.templateId()), this.clock.instant());
	}

	private CouponTemplate template(long templateId) {
		return this.templates.findById(templateId).orElseThrow();
	}

}
