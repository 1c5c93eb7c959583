package com.promo.claim.claim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.promo.claim.ClaimProperties;
import com.promo.claim.IdempotencyKeys;
import com.promo.claim.template.TemplateCatalog;
import com.promo.claim.template.TemplateState;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import com.promo.contracts.coupon.Audience;
import com.promo.crowd.reader.CrowdMembershipReader;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The claim path: one Lua script on Redis checks window, status, audience, per-user limit and
 * stock and reserves atomically; the accepted claim is then handed to Kafka (acks=all, idempotent
 * producer) before the 201 goes out. A claim Kafka does not acknowledge keeps its unit (the broker
 * may have written it all the same) and is settled by the wallet's database before the answer, as
 * the last units ({@code promo.claim.freeze-threshold}) always are. A 503 means nothing was taken.
 * <p>
 * Idempotency-Key (API.md) is handled here and in the script, and nowhere else on this route: the
 * script records the answer in the same atomic step as the reservation (a retry after a crash
 * replays instead of reserving twice), a duplicate that finds the hand-off still running waits for
 * it, and the key is bound to its first template under the user's own Redis tag so that the key
 * reused on another template is a 409 {@code CONFLICT}.
 */
@Service
public class ClaimService {

	/** An accepted claim, as the 201 reports it. */
	public record Accepted(String claimId, long templateId, String userId, Instant claimedAt) {
	}

	private static final Logger log = LoggerFactory.getLogger(ClaimService.class);

	private final ClaimStore store;

	private final TemplateCatalog templates;

	private final ClaimRebuilder rebuilder;

	private final CrowdMembershipReader crowds;

	private final ClaimEvents events;

	private final WalletClient wallet;

	private final Claims claims;

	private final ClaimProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Map<String, Counter> results = new ConcurrentHashMap<>();

	/** Claims Kafka did not acknowledge, settled with the wallet's database instead. */
	private final Counter notHandedOff;

	/** Templates Redis reported sold out, answered from memory for a moment. */
	private final Cache<Long, Boolean> soldOut;

	/** The admission bound of {@code promo.claim.max-in-flight}; null when unbounded. */
	private final Semaphore inFlight;

	ClaimService(ClaimStore store, TemplateCatalog templates, ClaimRebuilder rebuilder, CrowdMembershipReader crowds,
			ClaimEvents events, WalletClient wallet, Claims claims, ClaimProperties properties, Clock clock,
			MeterRegistry meters) {
		this.store = store;
		this.templates = templates;
		this.rebuilder = rebuilder;
		this.crowds = crowds;
		this.events = events;
		this.wallet = wallet;
		this.claims = claims;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.notHandedOff = Counter.builder("promo.claims.not.handed.off")
			.description("accepted claims Kafka did not acknowledge, settled with the wallet's database instead")
			.register(meters);
		this.soldOut = Caffeine.newBuilder().expireAfterWrite(properties.soldOutTtl()).build();
		this.inFlight = properties.maxInFlight() > 0 ? new Semaphore(properties.maxInFlight()) : null;
	}

	/**
	 * @param idempotencyKey the caller's Idempotency-Key, or null
	 * @throws ProblemException 503 at once when {@code promo.claim.max-in-flight} claims are being
	 * worked on already (nothing taken)
	 */
	public Accepted claim(long templateId, String userId, String idempotencyKey) {
		if (this.inFlight != null && !this.inFlight.tryAcquire()) {
			count("OVERLOADED");
			throw new ProblemException(ProblemCode.UNAVAILABLE, "too many claims at once; nothing was taken, retry");
		}
		try {
			return admitted(templateId, userId, idempotencyKey);
		}
		finally {
			if (this.inFlight != null) {
				this.inFlight.release();
			}
		}
	}

	private Accepted admitted(long templateId, String userId, String idempotencyKey) {
		String key = Objects.requireNonNullElse(IdempotencyKeys.checked(idempotencyKey), "");
		// a keyed request may be the retry of an accepted claim: only the script can tell
		if (key.isEmpty() && this.soldOut.getIfPresent(templateId) != null) {
			throw refused(ClaimOutcome.SOLD_OUT, templateId);
		}
		TemplateState template = this.templates.get(templateId)
			.orElseThrow(() -> ProblemException.notFound("coupon template " + templateId));
		if (!key.isEmpty()) {
			bindKey(templateId, userId, key);
		}
		if (template.activityKind() == ActivityKind.FLASH_SALE) {
			// its units are sold through the flash-sale orders, never claimed as coupons
			throw refused(ClaimOutcome.NOT_CLAIMABLE, templateId);
		}
		// membership is only read for a crowd's template (the template itself comes from memory)
		boolean member = template.audienceType() != Audience.Type.CROWD
				|| this.crowds.isMember(userId, template.crowdId());
		long deadline = System.nanoTime() + replayWait().toNanos();
		while (true) {
			// milliseconds: what Redis keeps of it, so a replay answers the very same claimedAt
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
			// the same id for every retry of a keyed claim (ClaimIds: a key Redis forgot stays one claim)
			String claimId = ClaimIds.of(userId, templateId, key);
			Reservation reservation = reserve(template, userId, key, claimId, now, member);
			if (reservation instanceof Reservation.Missing) {
				this.rebuilder.rebuild(template);
				reservation = reserve(template, userId, key, claimId, now, member);
			}
			switch (reservation) {
				case Reservation.Reserved reserved -> {
					return accept(template, userId, key, reserved, now);
				}
				case Reservation.Refused refusal -> throw refused(refusal.outcome(), templateId);
				case Reservation.Missing missing ->
					throw new ProblemException(ProblemCode.UNAVAILABLE, "claims are being restored; retry");
				case Reservation.Replayed replayed -> {
					Accepted first = replay(templateId, userId, replayed.answer(), now);
					if (first != null) {
						return first;
					}
				}
			}
			// the first request with this key is still handing its claim off: wait for its answer
			if (System.nanoTime() > deadline) {
				throw new ProblemException(ProblemCode.UNAVAILABLE,
						"the first request with this Idempotency-Key is still running; retry");
			}
			sleep();
		}
	}

	/** The key reused on another template is a different request. */
	private void bindKey(long templateId, String userId, String key) {
		long bound;
		try {
			bound = this.store.bindKey(userId, key, templateId, this.properties.stateRetention());
		}
		catch (DataAccessException ex) {
			count("UNAVAILABLE");
			throw new ProblemException(ProblemCode.UNAVAILABLE, "claims cannot be taken right now; retry");
		}
		if (bound != templateId) {
			throw new ProblemException(ProblemCode.CONFLICT,
					"this Idempotency-Key was already used to claim coupon template " + bound);
		}
	}

	/**
	 * Runs the claim script. When Redis cannot be reached (a master failing over), the claim
	 * answers 503; a reservation the script may still have made is given back if Redis answers the
	 * undo, and otherwise settles through reconciliation like any lost hand-off.
	 */
	private Reservation reserve(TemplateState template, String userId, String key, String claimId, Instant now,
			boolean member) {
		try {
			return this.store.claim(template.templateId(), userId, key, claimId, now, member);
		}
		catch (DataAccessException ex) {
			undoQuietly(template.templateId(), userId, key, claimId);
			count("UNAVAILABLE");
			throw new ProblemException(ProblemCode.UNAVAILABLE, "claims cannot be taken right now; retry");
		}
	}

	private Accepted accept(TemplateState template, String userId, String key, Reservation.Reserved reserved,
			Instant now) {
		ClaimAccepted claim = new ClaimAccepted(UUID.randomUUID().toString(), reserved.claimId(),
				String.valueOf(template.templateId()), userId, now, now);
		if (reserved.remaining() < this.properties.freezeThreshold()) {
			return settleNow(template, claim, key, true);
		}
		try {
			this.events.send(claim);
		}
		catch (ClaimEvents.NotSent ex) {
			// the broker may have written the record all the same (a batch on the wire when it went
			// away): giving the unit back could grant a coupon whose client heard "nothing was
			// taken". The wallet's database decides now instead; the late record is then a duplicate.
			this.notHandedOff.increment();
			log.warn("claim {} not handed to Kafka, settling it with the wallet: {}", claim.claimId(), ex.getMessage());
			return settleNow(template, claim, key, false);
		}
		recordQuietly(template.templateId(), userId, key, new RecordedAnswer.Accepted(claim.claimId()));
		count("ACCEPTED");
		if (log.isDebugEnabled()) { // one line per claim, in the request's trace (README "Tracing")
			log.debug("claim {} accepted (user {}, template {}), handed to Kafka", claim.claimId(), userId,
					template.templateId());
		}
		return new Accepted(claim.claimId(), template.templateId(), userId, now);
	}

	/**
	 * The wallet's database decides before we answer: for a unit from the frozen end of the stock,
	 * and for a claim Kafka did not acknowledge. When the wallet surely decided nothing and nothing
	 * else can decide the claim ({@code mayUndo}: it was never sent to Kafka), the unit goes back
	 * and the answer is 503. Otherwise the unit must not go back (a timeout: the wallet may have
	 * granted the coupon after all; or the unacknowledged record reaches the wallet later): the claim
	 * is accepted and settles like any other, through Kafka or, failing that, the reconciliation's
	 * re-drive of its pending reservation; the wallet's ledger gives it the same decision every way.
	 */
	private Accepted settleNow(TemplateState template, ClaimAccepted claim, String key, boolean mayUndo) {
		ClaimSettled settled;
		try {
			settled = this.wallet.settle(claim);
		}
		catch (WalletClient.NotReached ex) {
			if (!mayUndo) {
				return acceptPending(template, claim, key, ex, false);
			}
			undoQuietly(template.templateId(), claim.userId(), key, claim.claimId());
			count("UNAVAILABLE");
			throw new ProblemException(ProblemCode.UNAVAILABLE, "claims cannot be confirmed right now; nothing was taken");
		}
		catch (RuntimeException unknown) {
			// never sent yet only on the freeze path (mayUndo): after a failed send, the re-drive sends it
			return acceptPending(template, claim, key, unknown, mayUndo);
		}
		log.debug("claim {} settled {} synchronously by the wallet (user {}, template {})", claim.claimId(),
				settled.outcome(), claim.userId(), template.templateId());
		ClaimOutcome refusal = settled.outcome() == ClaimSettled.Outcome.REJECTED ? rejection(settled.code()) : null;
		// the answer first: a duplicate that finds the pending entry gone must find this answer
		recordQuietly(template.templateId(), claim.userId(), key,
				refusal != null ? new RecordedAnswer.Refused(refusal) : new RecordedAnswer.Accepted(claim.claimId()));
		try {
			this.claims.settle(java.util.List.of(settled), s -> claim.claimedAt(), this.clock.instant());
		}
		catch (DataAccessException ex) {
			// the wallet decided (its coupon may exist): that is the answer; the wallet's settlement
			// event records it here once the database is back
			log.warn("claim {} settled {} by the wallet, not recorded here yet: {}", claim.claimId(), settled.outcome(),
					ex.getMessage());
		}
		try {
			this.store.settle(template.templateId(), java.util.List.of(new ClaimStore.Settlement(claim.claimId(),
					settled.outcome().name(), settled.code(), claim.userId())));
		}
		catch (DataAccessException ex) {
			// the wallet's decision stands; reconciliation clears the pending entry once Redis answers
			log.warn("claim {} settled, but Redis did not hear it yet: {}", claim.claimId(), ex.getMessage());
		}
		if (refusal != null) {
			throw refused(refusal, template.templateId());
		}
		count("ACCEPTED");
		return new Accepted(claim.claimId(), template.templateId(), claim.userId(), claim.claimedAt());
	}

	/**
	 * The wallet's decision is unknown: the claim stays pending, handed to Kafka ({@code send}) or,
	 * when that failed already, left to the reconciliation's re-drive.
	 */
	private Accepted acceptPending(TemplateState template, ClaimAccepted claim, String key, RuntimeException cause,
			boolean send) {
		log.warn("claim {}: the wallet's synchronous settlement failed, it stays pending ({}): {}", claim.claimId(),
				send ? "handed to Kafka" : "for the re-drive", cause.toString());
		try {
			if (send) {
				this.events.send(claim);
			}
		}
		catch (ClaimEvents.NotSent ex) {
			log.warn("claim {} stays pending until the reconciliation re-drives it: {}", claim.claimId(), ex.getMessage());
		}
		recordQuietly(template.templateId(), claim.userId(), key, new RecordedAnswer.Accepted(claim.claimId()));
		count("ACCEPTED");
		return new Accepted(claim.claimId(), template.templateId(), claim.userId(), claim.claimedAt());
	}

	private static ClaimOutcome rejection(String code) {
		try {
			return ClaimOutcome.refusal(code);
		}
		catch (RuntimeException ex) {
			return ClaimOutcome.NOT_CLAIMABLE;
		}
	}

	private void undoQuietly(long templateId, String userId, String key, String claimId) {
		try {
			this.store.undo(templateId, userId, key, claimId);
		}
		catch (DataAccessException ex) {
			log.warn("claim {} may hold a reservation until reconciliation: {}", claimId, ex.getMessage());
		}
	}

	/**
	 * The hand-off is decided: a duplicate stops waiting. If Redis misses this, duplicates take the
	 * reservation as accepted once it is older than a hand-off can take.
	 */
	private void recordQuietly(long templateId, String userId, String key, RecordedAnswer answer) {
		if (key.isEmpty()) {
			return;
		}
		try {
			this.store.record(templateId, userId, key, answer);
		}
		catch (DataAccessException ex) {
			log.warn("answer for key {} of user {} not recorded yet: {}", key, userId, ex.getMessage());
		}
	}

	/**
	 * The first answer under this Idempotency-Key, again; null while the first request is still
	 * handing its claim off (the caller waits and asks the script again).
	 */
	private Accepted replay(long templateId, String userId, RecordedAnswer recorded, Instant now) {
		return switch (recorded) {
			case RecordedAnswer.Refused refusal -> throw refused(refusal.outcome(), templateId);
			case RecordedAnswer.Accepted accepted -> accepted(templateId, userId, accepted.claimId());
			case RecordedAnswer.Reserved reserved -> {
				Instant claimedAt = this.store.claimedAt(templateId, reserved.claimId());
				boolean abandoned = claimedAt != null && claimedAt.plus(replayWait()).isBefore(now);
				Claims.Claim settled = claimedAt == null ? this.claims.find(reserved.claimId()).orElse(null) : null;
				if (settled != null && settled.code() != null && "REJECTED".equals(settled.status())) {
					// settled against the claim after all (the first answer's record was lost): the same refusal
					throw refused(rejection(settled.code()), templateId);
				}
				// a first request that died after its reservation: the reservation stands and
				// reconciliation hands it to the wallet, so the claim is accepted
				yield abandoned || settled != null ? accepted(templateId, userId, reserved.claimId()) : null;
			}
		};
	}

	private Accepted accepted(long templateId, String userId, String claimId) {
		count("REPLAY");
		Instant claimedAt = this.store.claimedAt(templateId, claimId);
		if (claimedAt == null) {
			claimedAt = this.claims.find(claimId).map(Claims.Claim::claimedAt).orElse(this.clock.instant());
		}
		return new Accepted(claimId, templateId, userId, claimedAt);
	}

	/**
	 * How long a hand-off can take: Kafka's send (send() itself may first wait for the topic's
	 * metadata, {@code max.block.ms}, as long again by default), then the wallet's settlement when
	 * Kafka failed it (its connect timeout, 1 s, and its read timeout), and a second's margin.
	 */
	private Duration replayWait() {
		return this.properties.sendTimeout().multipliedBy(2).plus(this.properties.walletTimeout()).plusSeconds(2);
	}

	private ProblemException refused(ClaimOutcome outcome, long templateId) {
		count(outcome.name());
		String detail = switch (outcome) {
			case SOLD_OUT -> {
				this.soldOut.put(templateId, Boolean.TRUE);
				yield "coupon template " + templateId + " is sold out";
			}
			case LIMIT_REACHED -> "you hold as many coupons of template " + templateId + " as it allows";
			default -> "coupon template " + templateId + " cannot be claimed by you now";
		};
		return new ProblemException(outcome.problem(), detail);
	}

	private static void sleep() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProblemException(ProblemCode.UNAVAILABLE, "interrupted");
		}
	}

	private void count(String result) {
		this.results.computeIfAbsent(result, r -> this.meters.counter("promo.claims", "result", r)).increment();
	}

}
