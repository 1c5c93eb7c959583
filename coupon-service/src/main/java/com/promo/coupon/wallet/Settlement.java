package com.promo.coupon.wallet;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import com.promo.coupon.FirstDatabase;
import com.promo.coupon.template.TemplateStock;
import com.promo.coupon.template.TemplateStock.ClaimTerms;
import com.promo.coupon.wallet.Arbitration.Allowance;
import com.promo.coupon.wallet.Arbitration.Verdict;
import com.promo.coupon.wallet.ClaimLedger.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Service;

/**
 * Settles accepted claims a batch at a time, exactly once per claim id, whatever Redis believed:
 * a template never grants more than its total stock, a user never more than the per-user limit.
 * <ol>
 * <li>One transaction on the first database decides the whole batch: the rows of the batch's
 * templates are locked (in id order), then the ledger is read for decisions recorded earlier
 * (a redelivered claim gets the same answer), the users' counters are read, every new claim is
 * decided in arrival order ({@link Arbitration}), and the ledger rows, the per-user counters and
 * one guarded stock change per template are written, each in one statement. Every decider of a
 * template holds its row lock, so concurrent batches, instances and the synchronous path
 * ({@code /internal/claims/settle}) decide one after the other, never twice.</li>
 * <li>Then the granted claims' coupons go into the users' shards, one multi-row statement per
 * physical table ({@link WalletShards}). A crash between the two steps is repaired by the
 * redelivery: the ledger gives the same decision, and the coupon is written then.</li>
 * </ol>
 * The caller sends the settlements after this returns and before it lets the offsets go.
 */
@Service
public class Settlement {

	private final FirstDatabase database;

	private final TemplateStock stock;

	private final ClaimLedger ledger;

	private final WalletShards wallet;

	private final Clock clock;

	private final Counter issued;

	private final Counter rejected;

	private final DistributionSummary batchSize;

	Settlement(FirstDatabase database, TemplateStock stock, ClaimLedger ledger, WalletShards wallet, Clock clock,
			MeterRegistry meters) {
		this.database = database;
		this.stock = stock;
		this.ledger = ledger;
		this.wallet = wallet;
		this.clock = clock;
		this.issued = meters.counter("promo.settlement.claims", "outcome", "ISSUED");
		this.rejected = meters.counter("promo.settlement.claims", "outcome", "REJECTED");
		this.batchSize = DistributionSummary.builder("promo.settlement.batch.size").register(meters);
	}

	/** One settlement per claim given, in the same order (a claim given twice settles twice, alike). */
	public List<ClaimSettled> settle(List<ClaimAccepted> claims) {
		if (claims.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		Map<String, ClaimAccepted> unique = new LinkedHashMap<>();
		claims.forEach(claim -> unique.putIfAbsent(claim.claimId(), claim));
		Decided decided = this.database.inTransaction(status -> decide(unique.values(), now));
		List<WalletCoupon> coupons = new ArrayList<>();
		for (ClaimAccepted claim : unique.values()) {
			Decision decision = decided.decisions().get(claim.claimId());
			if (decision.granted()) {
				Instant[] window = decided.terms().get(decision.templateId()).validity().windowFor(decision.claimedAt());
				coupons.add(new WalletCoupon(decision.couponId(), decision.userId(), decision.templateId(),
						claim.claimId(), CouponStatus.UNUSED, window[0], window[1], null, null, null));
			}
		}
		this.wallet.insertIfAbsent(coupons, now);
		this.batchSize.record(unique.size());
		List<ClaimSettled> settled = new ArrayList<>(claims.size());
		for (ClaimAccepted claim : claims) {
			settled.add(settled(claim, decided.decisions().get(claim.claimId()), now));
		}
		return settled;
	}

	private record Decided(Map<String, Decision> decisions, Map<Long, ClaimTerms> terms) {
	}

	/** Step 1, inside the transaction: see the class comment. */
	private Decided decide(Collection<ClaimAccepted> claims, Instant now) {
		Set<Long> templateIds = claims.stream()
			.map(claim -> Long.parseLong(claim.templateId()))
			.collect(Collectors.toCollection(LinkedHashSet::new));
		Map<Long, ClaimTerms> terms = this.stock.lockForClaims(templateIds);
		Map<String, Decision> decisions = new LinkedHashMap<>(
				this.ledger.find(claims.stream().map(ClaimAccepted::claimId).toList()));
		List<ClaimAccepted> fresh = claims.stream().filter(claim -> !decisions.containsKey(claim.claimId())).toList();
		if (fresh.isEmpty()) {
			return new Decided(decisions, terms);
		}
		Map<Long, Allowance> allowances = new LinkedHashMap<>();
		Map<Arbitration.UserSlot, Integer> held = new LinkedHashMap<>();
		fresh.stream()
			.collect(Collectors.groupingBy(claim -> Long.parseLong(claim.templateId()), LinkedHashMap::new,
					Collectors.mapping(claim -> Long.parseLong(claim.userId()), Collectors.toSet())))
			.forEach((templateId, users) -> {
				ClaimTerms known = terms.get(templateId);
				if (known != null) {
					allowances.put(templateId, new Allowance(known.left(), known.perUserLimit()));
					held.putAll(this.ledger.held(templateId, users));
				}
			});
		Arbitration arbitration = new Arbitration(allowances, held);
		List<Decision> recorded = new ArrayList<>(fresh.size());
		for (ClaimAccepted claim : fresh) {
			long templateId = Long.parseLong(claim.templateId());
			long userId = Long.parseLong(claim.userId());
			Verdict verdict = arbitration.decide(templateId, userId);
			Long couponId = verdict == Verdict.GRANTED ? TsidCreator.getTsid().toLong() : null;
			Decision decision = new Decision(claim.claimId(), templateId, userId, verdict == Verdict.GRANTED, couponId,
					verdict.code(), claim.claimedAt());
			recorded.add(decision);
			decisions.put(claim.claimId(), decision);
		}
		arbitration.grantedPerTemplate().forEach(this.stock::recordClaimed);
		this.ledger.addGranted(arbitration.grantedPerUser());
		this.ledger.record(recorded, now);
		return new Decided(decisions, terms);
	}

	private ClaimSettled settled(ClaimAccepted claim, Decision decision, Instant now) {
		(decision.granted() ? this.issued : this.rejected).increment();
		// a settlement's event id derives from the claim: settling it again sends the same event
		String eventId = UUID.nameUUIDFromBytes(("settled:" + claim.claimId()).getBytes()).toString();
		return new ClaimSettled(eventId, claim.claimId(), claim.templateId(), claim.userId(),
				decision.granted() ? ClaimSettled.Outcome.ISSUED : ClaimSettled.Outcome.REJECTED,
				decision.couponId() == null ? null : String.valueOf(decision.couponId()), decision.code(), now);
	}

}
