package com.promo.coupon.wallet;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.promo.web.FieldViolation;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The order system's coupon calls at checkout (SERVICE role, never routed by the gateway). */
@RestController
class RedemptionController {

	record LockRequest(String userId, String orderId, Long orderAmount, String listingId) {

		void check() {
			List<FieldViolation> v = new ArrayList<>();
			if (this.userId == null || !this.userId.matches("[0-9]{1,18}")) {
				v.add(new FieldViolation("userId", "must be a user id (digits)"));
			}
			if (this.orderId == null || this.orderId.isBlank() || this.orderId.length() > 64) {
				v.add(new FieldViolation("orderId", "must be 1-64 characters"));
			}
			if (this.orderAmount == null || this.orderAmount < 0) {
				v.add(new FieldViolation("orderAmount", "must be 0 or more (minor units)"));
			}
			if (this.listingId == null || !this.listingId.matches("[0-9]{1,18}")) {
				v.add(new FieldViolation("listingId", "must be a listing id (digits)"));
			}
			if (!v.isEmpty()) {
				throw new ProblemException(ProblemCode.VALIDATION_FAILED, "invalid lock request", v);
			}
		}

	}

	record LockResponse(String couponId, String orderId, CouponStatus status, long discount) {
	}

	private final Redemption redemption;

	private final Clock clock;

	RedemptionController(Redemption redemption, Clock clock) {
		this.redemption = redemption;
		this.clock = clock;
	}

	@PostMapping("/internal/coupons/{couponId}/lock")
	LockResponse lock(@PathVariable long couponId, @RequestBody LockRequest request) {
		request.check();
		Redemption.Locked locked = this.redemption.lock(couponId, Long.parseLong(request.userId()), request.orderId(),
				request.orderAmount(), Long.parseLong(request.listingId()));
		return new LockResponse(String.valueOf(couponId), request.orderId(), locked.coupon().status(), locked.discount());
	}

	@PostMapping("/internal/orders/{orderId}/coupon/confirm")
	WalletController.CouponResponse confirm(@PathVariable String orderId) {
		return WalletController.CouponResponse.of(this.redemption.confirm(orderId), this.clock.instant());
	}

	@PostMapping("/internal/orders/{orderId}/coupon/release")
	WalletController.CouponResponse release(@PathVariable String orderId) {
		return WalletController.CouponResponse.of(this.redemption.release(orderId), this.clock.instant());
	}

}
