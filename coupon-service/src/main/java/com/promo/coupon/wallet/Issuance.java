package com.promo.coupon.wallet;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import com.promo.contracts.coupon.Validity;
import com.promo.coupon.template.CouponTemplate;
import com.promo.coupon.template.TemplateRepository;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an accepted claim into a wallet coupon, exactly once per claim id: first the arbiter's
 * decision (first database, one transaction), then the coupon in the user's shard (its unique
 * claim id makes a repeat a no-op). A crash between the two is repaired by the redelivery: the
 * ledger returns the same decision and the coupon is written then.
 */
@Service
public class Issuance {

	private final ClaimArbiter arbiter;

	private final WalletRepository wallet;

	private final TemplateRepository templates;

	private final TransactionTemplate transactions;

	private final Clock clock;

	Issuance(ClaimArbiter arbiter, WalletRepository wallet, TemplateRepository templates,
			TransactionTemplate transactions, Clock clock) {
		this.arbiter = arbiter;
		this.wallet = wallet;
		this.templates = templates;
		this.transactions = transactions;
		this.clock = clock;
	}

	public ClaimSettled settle(ClaimAccepted claim) {
		long userId = Long.parseLong(claim.userId());
		long templateId = Long.parseLong(claim.templateId());
		Instant now = this.clock.instant();
		Optional<WalletCoupon> issued = this.wallet.findByClaim(userId, claim.claimId());
		if (issued.isPresent()) {
			return settled(claim, ClaimSettled.Outcome.ISSUED, issued.get().id(), null, now);
		}
		ClaimArbiter.Decision decision = decide(claim, templateId, userId, now);
		if (!decision.granted()) {
			return settled(claim, ClaimSettled.Outcome.REJECTED, null, decision.code(), now);
		}
		CouponTemplate template = this.templates.findById(templateId).orElseThrow();
		Validity validity = template.content().validity();
		Instant[] window = validity.windowFor(claim.claimedAt());
		this.wallet.insertIfAbsent(new WalletCoupon(decision.couponId(), userId, templateId, claim.claimId(),
				CouponStatus.UNUSED, window[0], window[1], null, null, null), now);
		return settled(claim, ClaimSettled.Outcome.ISSUED, decision.couponId(), null, now);
	}

	/**
	 * The arbiter's decision in its own transaction. Two deliveries of one claim racing each other
	 * both try to record it; the loser's transaction (its counters included) rolls back on the
	 * ledger's primary key, and it reads the winner's decision instead.
	 */
	private ClaimArbiter.Decision decide(ClaimAccepted claim, long templateId, long userId, Instant now) {
		try {
			return this.transactions
				.execute(status -> this.arbiter.decide(claim.claimId(), templateId, userId, claim.claimedAt(), now));
		}
		catch (DuplicateKeyException raced) {
			return this.transactions
				.execute(status -> this.arbiter.decide(claim.claimId(), templateId, userId, claim.claimedAt(), now));
		}
	}

	private static ClaimSettled settled(ClaimAccepted claim, ClaimSettled.Outcome outcome, Long couponId, String code,
			Instant now) {
		// a settlement's event id derives from the claim: re-settling sends the same event
		String eventId = UUID.nameUUIDFromBytes(("settled:" + claim.claimId()).getBytes()).toString();
		return new ClaimSettled(eventId, claim.claimId(), claim.templateId(), claim.userId(), outcome,
				couponId == null ? null : String.valueOf(couponId), code, now);
	}

}
