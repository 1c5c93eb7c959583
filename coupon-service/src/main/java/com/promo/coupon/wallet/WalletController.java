package com.promo.coupon.wallet;

import java.time.Clock;
import java.time.Instant;

import com.promo.security.CurrentPrincipal;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me/coupons}: the caller's own wallet, one shard, paginated. */
@RestController
class WalletController {

	record CouponResponse(String id, String templateId, String claimId, CouponStatus status, Instant validFrom,
			Instant validUntil, String orderId) {

		static CouponResponse of(WalletCoupon c, Instant now) {
			return new CouponResponse(String.valueOf(c.id()), String.valueOf(c.templateId()), c.claimId(), c.statusAt(now),
					c.validFrom(), c.validUntil(), c.orderId());
		}

	}

	private final WalletRepository wallet;

	private final Clock clock;

	WalletController(WalletRepository wallet, Clock clock) {
		this.wallet = wallet;
		this.clock = clock;
	}

	@GetMapping("/api/me/coupons")
	PageResponse<CouponResponse> myCoupons(@RequestParam(required = false) CouponStatus status,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		Instant now = this.clock.instant();
		return this.wallet.page(Long.parseLong(CurrentPrincipal.id()), status, PageQuery.of(page, size), now)
			.map(c -> CouponResponse.of(c, now));
	}

}
