package com.promo.coupon.wallet;

import java.time.Clock;
import java.time.Instant;

import com.promo.coupon.listing.ListingView;
import com.promo.coupon.listing.ListingViews;
import com.promo.coupon.template.CouponTemplate;
import com.promo.coupon.template.CouponValue;
import com.promo.coupon.template.TemplateRepository;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.stereotype.Service;

/**
 * Checkout's use of a wallet coupon, per order id: lock (UNUSED → LOCKED), confirm (→ USED),
 * release (→ UNUSED). A coupon is used by at most one order: the lock is a conditional update, so
 * of two orders locking one coupon at once exactly one wins. Every step is idempotent per order:
 * repeating it answers the same.
 */
@Service
public class Redemption {

	public record Locked(WalletCoupon coupon, long discount) {
	}

	private final WalletRepository wallet;

	private final OrderIndex orders;

	private final TemplateRepository templates;

	private final ListingViews listings;

	private final Clock clock;

	Redemption(WalletRepository wallet, OrderIndex orders, TemplateRepository templates, ListingViews listings,
			Clock clock) {
		this.wallet = wallet;
		this.orders = orders;
		this.templates = templates;
		this.listings = listings;
		this.clock = clock;
	}

	public Locked lock(long couponId, long userId, String orderId, long orderAmount, long listingId) {
		Instant now = this.clock.instant();
		WalletCoupon coupon = this.wallet.find(userId, couponId)
			.orElseThrow(() -> ProblemException.notFound("coupon " + couponId));
		CouponTemplate template = this.templates.findById(coupon.templateId()).orElseThrow();
		ListingView listing = this.listings.find(listingId)
			.filter(l -> l.sellerId() == template.merchantId())
			.orElseThrow(() -> new ProblemException(ProblemCode.INVALID_STATE,
					"coupon " + couponId + " does not apply to listing " + listingId));
		long discount = CouponValue.discountOn(template.content(), orderAmount, listing);
		if (coupon.status() == CouponStatus.LOCKED && orderId.equals(coupon.orderId())) {
			return new Locked(coupon, discount); // the same lock again
		}
		if (coupon.status() == CouponStatus.LOCKED || coupon.status() == CouponStatus.USED) {
			throw new ProblemException(ProblemCode.CONFLICT, "coupon " + couponId + " is held by another order");
		}
		if (coupon.statusAt(now) != CouponStatus.UNUSED || !coupon.usableAt(now)) {
			throw new ProblemException(ProblemCode.INVALID_STATE,
					"coupon " + couponId + " cannot be used now (" + coupon.statusAt(now) + ")");
		}
		if (orderAmount < template.content().thresholdAmount()) {
			throw new ProblemException(ProblemCode.INVALID_STATE,
					"the order amount is below the coupon's threshold " + template.content().thresholdAmount());
		}
		boolean indexed = this.orders.insertIfAbsent(orderId, userId, couponId, now);
		if (!indexed && this.orders.find(orderId).map(e -> e.couponId() != couponId).orElse(false)) {
			throw new ProblemException(ProblemCode.CONFLICT, "order " + orderId + " already uses another coupon");
		}
		if (!indexed) {
			this.orders.state(orderId, "LOCKED", now); // the order locks its coupon again after a release
		}
		if (!this.wallet.lock(userId, couponId, orderId, now)) {
			if (indexed) {
				this.orders.delete(orderId);
			}
			throw new ProblemException(ProblemCode.CONFLICT, "coupon " + couponId + " is held by another order");
		}
		return new Locked(this.wallet.find(userId, couponId).orElseThrow(), discount);
	}

	public WalletCoupon confirm(String orderId) {
		OrderIndex.Entry entry = this.orders.find(orderId)
			.orElseThrow(() -> ProblemException.notFound("coupon of order " + orderId));
		Instant now = this.clock.instant();
		WalletCoupon coupon = this.wallet.find(entry.userId(), entry.couponId()).orElseThrow();
		if (isUsedBy(coupon, orderId)) {
			return coupon;
		}
		if (!this.wallet.use(entry.userId(), entry.couponId(), orderId, now)) {
			// read again: a repeat of this confirm running at the same moment may have used it first
			WalletCoupon current = this.wallet.find(entry.userId(), entry.couponId()).orElseThrow();
			if (isUsedBy(current, orderId)) {
				return current;
			}
			throw new ProblemException(ProblemCode.INVALID_STATE,
					"the coupon of order " + orderId + " is not locked by it (" + current.status() + ")");
		}
		this.orders.state(orderId, "USED", now);
		return this.wallet.find(entry.userId(), entry.couponId()).orElseThrow();
	}

	public WalletCoupon release(String orderId) {
		OrderIndex.Entry entry = this.orders.find(orderId)
			.orElseThrow(() -> ProblemException.notFound("coupon of order " + orderId));
		Instant now = this.clock.instant();
		WalletCoupon coupon = this.wallet.find(entry.userId(), entry.couponId()).orElseThrow();
		if (isUsedBy(coupon, orderId)) {
			throw new ProblemException(ProblemCode.INVALID_STATE, "the coupon of order " + orderId + " was used");
		}
		if (this.wallet.unlock(entry.userId(), entry.couponId(), orderId, now)) {
			this.orders.state(orderId, "RELEASED", now);
		}
		WalletCoupon current = this.wallet.find(entry.userId(), entry.couponId()).orElseThrow();
		if (isUsedBy(current, orderId)) { // a confirm of the order won the race since the first read
			throw new ProblemException(ProblemCode.INVALID_STATE, "the coupon of order " + orderId + " was used");
		}
		return current;
	}

	private static boolean isUsedBy(WalletCoupon coupon, String orderId) {
		return coupon.status() == CouponStatus.USED && orderId.equals(coupon.orderId());
	}

	/** Releases the locks of orders that neither confirmed nor released in time. */
	int releaseStale(Instant cutoff, int limit) {
		int released = 0;
		for (String orderId : this.orders.lockedBefore(cutoff, limit)) {
			try {
				release(orderId);
				released++;
			}
			catch (ProblemException confirmedMeanwhile) {
				// the order confirmed after it was listed: its coupon is used, nothing to release
			}
		}
		return released;
	}

}
