package com.promo.claim.claim;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.claim.ClaimProperties;
import com.promo.claim.template.TemplateCatalog;
import com.promo.claim.template.TemplateState;
import com.promo.contracts.EventCodec;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import com.promo.contracts.coupon.Audience;
import com.promo.crowd.reader.CrowdMembershipReader;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * The claim path: one Lua script on Redis checks window, status, audience, per-user limit and
 * stock and reserves atomically; the accepted claim is then handed to Kafka (acks=all, idempotent
 * producer) before the 201 goes out, or the reservation is undone and the client gets 503 with
 * nothing taken. The last units ({@code promo.claim.freeze-threshold}) are settled by the wallet's
 * database before the answer instead.
 */
@Service
public class ClaimService {

	/** An accepted claim, as the 201 reports it. */
	public record Accepted(String claimId, long templateId, String userId, Instant claimedAt) {
	}

	private static final Logger log = LoggerFactory.getLogger(ClaimService.class);

	private final ClaimState state;

	private final TemplateCatalog templates;

	private final ClaimRebuilder rebuilder;

	private final CrowdMembershipReader crowds;

	private final KafkaTemplate<String, byte[]> kafka;

	private final WalletClient wallet;

	private final Claims claims;

	private final ClaimProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Timer sendTimer;

	private final java.util.Map<String, io.micrometer.core.instrument.Counter> results = new java.util.concurrent.ConcurrentHashMap<>();

	/** Templates Redis reported sold out, answered from memory for a moment. */
	private final Cache<Long, Boolean> soldOut;

	ClaimService(ClaimState state, TemplateCatalog templates, ClaimRebuilder rebuilder, CrowdMembershipReader crowds,
			KafkaTemplate<String, byte[]> kafka, WalletClient wallet, Claims claims, ClaimProperties properties,
			Clock clock, MeterRegistry meters) {
		this.state = state;
		this.templates = templates;
		this.rebuilder = rebuilder;
		this.crowds = crowds;
		this.kafka = kafka;
		this.wallet = wallet;
		this.claims = claims;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.sendTimer = Timer.builder("promo.claim.kafka.send").publishPercentiles(0.5, 0.99).register(meters);
		this.soldOut = Caffeine.newBuilder().expireAfterWrite(properties.soldOutTtl()).build();
	}

	public Accepted claim(long templateId, String userId, String idempotencyKey) {
		if (this.soldOut.getIfPresent(templateId) != null) {
			throw refused("SOLD_OUT", templateId);
		}
		TemplateState template = this.templates.get(templateId)
			.orElseThrow(() -> ProblemException.notFound("coupon template " + templateId));
		boolean member = template.audienceType() != Audience.Type.CROWD
				|| this.crowds.isMember(userId, template.crowdId());
		String key = idempotencyKey == null ? "" : idempotencyKey;
		Instant now = this.clock.instant();
		String claimId = TsidCreator.getTsid().toString();
		ClaimState.Answer answer = reserve(template, userId, key, claimId, now, member);
		if (answer.code().equals("MISSING")) {
			this.rebuilder.rebuild(template);
			answer = reserve(template, userId, key, claimId, now, member);
		}
		return switch (answer.code()) {
			case "ACCEPTED" -> accept(template, userId, key, answer, now);
			case "REPLAY" -> replay(templateId, userId, answer.replayed());
			case "MISSING" -> throw new ProblemException(ProblemCode.UNAVAILABLE, "claims are being restored; retry");
			default -> throw refused(answer.code(), templateId);
		};
	}

	/**
	 * Runs the claim script. When Redis cannot be reached (a master failing over), the claim
	 * answers 503; a reservation the script may still have made is given back if Redis answers the
	 * undo, and otherwise settles through reconciliation like any lost hand-off.
	 */
	private ClaimState.Answer reserve(TemplateState template, String userId, String key, String claimId, Instant now,
			boolean member) {
		try {
			return this.state.claim(template.templateId(), userId, key, claimId, now, member);
		}
		catch (DataAccessException ex) {
			try {
				this.state.undo(template.templateId(), userId, key, claimId);
			}
			catch (DataAccessException stillDown) {
				log.warn("claim {} may hold a reservation until reconciliation: {}", claimId, stillDown.getMessage());
			}
			count("UNAVAILABLE");
			throw new ProblemException(ProblemCode.UNAVAILABLE, "claims cannot be taken right now; retry");
		}
	}

	private Accepted accept(TemplateState template, String userId, String key, ClaimState.Answer answer, Instant now) {
		ClaimAccepted claim = new ClaimAccepted(UUID.randomUUID().toString(), answer.claimId(),
				String.valueOf(template.templateId()), userId, now, now);
		if (answer.remaining() < this.properties.freezeThreshold()) {
			return settleNow(template, claim, key);
		}
		try {
			this.sendTimer.recordCallable(() -> this.kafka
				.send(claim.eventType().topic().wireName(), claim.key(), EventCodec.encode(claim.toEnvelope()))
				.get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS));
		}
		catch (Exception ex) {
			undoQuietly(template.templateId(), userId, key, claim.claimId());
			count("UNAVAILABLE");
			log.warn("claim {} not handed to Kafka, reservation undone: {}", claim.claimId(), ex.toString());
			throw new ProblemException(ProblemCode.UNAVAILABLE, "claims cannot be taken right now; nothing was taken");
		}
		count("ACCEPTED");
		return new Accepted(claim.claimId(), template.templateId(), userId, now);
	}

	/** A unit from the frozen end of the stock: the wallet's database decides before we answer. */
	private Accepted settleNow(TemplateState template, ClaimAccepted claim, String key) {
		ClaimSettled settled;
		try {
			settled = this.wallet.settle(claim);
		}
		catch (RuntimeException ex) {
			undoQuietly(template.templateId(), claim.userId(), key, claim.claimId());
			count("UNAVAILABLE");
			throw new ProblemException(ProblemCode.UNAVAILABLE, "claims cannot be confirmed right now; nothing was taken");
		}
		Instant now = this.clock.instant();
		this.claims.settle(settled, claim.claimedAt(), now);
		try {
			this.state.settle(template.templateId(), claim.claimId(), settled.outcome().name(), settled.code(),
					claim.userId());
		}
		catch (DataAccessException ex) {
			// the wallet's decision stands; reconciliation clears the pending entry once Redis answers
			log.warn("claim {} settled, but Redis did not hear it yet: {}", claim.claimId(), ex.getMessage());
		}
		if (settled.outcome() == ClaimSettled.Outcome.REJECTED) {
			throw refused(settled.code(), template.templateId());
		}
		count("ACCEPTED");
		return new Accepted(claim.claimId(), template.templateId(), claim.userId(), claim.claimedAt());
	}

	private void undoQuietly(long templateId, String userId, String key, String claimId) {
		try {
			this.state.undo(templateId, userId, key, claimId);
		}
		catch (DataAccessException ex) {
			log.warn("claim {} could not be undone now; reconciliation settles it: {}", claimId, ex.getMessage());
		}
	}

	/** The first answer under this Idempotency-Key, again. */
	private Accepted replay(long templateId, String userId, String recorded) {
		if (recorded.startsWith("R:")) {
			throw refused(recorded.substring(2), templateId);
		}
		String claimId = recorded.substring(2);
		Instant claimedAt = this.state.claimedAt(templateId, claimId);
		if (claimedAt == null) {
			claimedAt = this.claims.find(claimId).map(Claims.Claim::claimedAt).orElse(this.clock.instant());
		}
		return new Accepted(claimId, templateId, userId, claimedAt);
	}

	private ProblemException refused(String code, long templateId) {
		count(code);
		return switch (code) {
			case "SOLD_OUT" -> {
				this.soldOut.put(templateId, Boolean.TRUE);
				yield new ProblemException(ProblemCode.SOLD_OUT, "coupon template " + templateId + " is sold out");
			}
			case "LIMIT_REACHED" -> new ProblemException(ProblemCode.LIMIT_REACHED,
					"you hold as many coupons of template " + templateId + " as it allows");
			default -> new ProblemException(ProblemCode.NOT_CLAIMABLE,
					"coupon template " + templateId + " cannot be claimed by you now");
		};
	}

	private void count(String result) {
		this.results.computeIfAbsent(result, r -> this.meters.counter("promo.claims", "result", r)).increment();
	}

}
