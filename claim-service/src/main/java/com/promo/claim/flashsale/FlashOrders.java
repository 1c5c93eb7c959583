package com.promo.claim.flashsale;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.claim.IdempotencyKeys;
import com.promo.claim.claim.ClaimEvents;
import com.promo.claim.flashsale.FlashSaleStore.KeyedRequest;
import com.promo.contracts.flashsale.FlashSaleReserved;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;

/**
 * The order path. With an Idempotency-Key, the key is bound to the sale (the key reused on another
 * sale is a 409) and a repeat replays the first answer before the token is looked at. The entry
 * token first (every failure a 403); then ONE Redis script replays the key's recorded answer or
 * checks the window, the token's used-up mark, the buyer's limit and the stock and reserves
 * atomically, using the token up and recording the key's answer only when it reserves (refusals the
 * API stores are recorded too); then the reservation is handed to Kafka and acknowledged before the
 * 201, or, when Kafka does not acknowledge it, recorded in the ledger directly (the broker may have
 * written it all the same, so it is never undone once handed over). While a reservation's hand-off
 * is unacknowledged (its marker in {@code sale:handoffs}), a repeat of its key waits for it. The
 * ledger turns it into the transaction; its database arbiter has the last word.
 */
@Service
class FlashOrders {

	record Placed(String transactionId, long price, Instant payBefore, String paymentUrl) {
	}

	/** An order's 201, placed now or replayed for its Idempotency-Key. */
	record Answer(Placed placed, boolean replayed) {
	}

	private static final Logger log = LoggerFactory.getLogger(FlashOrders.class);

	private final EntryTokenCodec codec;

	private final FlashSales sales;

	private final FlashSaleStore store;

	private final FlashSaleWarming warming;

	/** claim-service's one port for its events: encodes, sends and waits for the broker's ack. */
	private final ClaimEvents events;

	private final FlashSaleProperties properties;

	private final FlashSaleMeters meters;

	/** Clears the hand-off markers of acknowledged reservations in batches, off the request. */
	private final AcknowledgedHandOffs acknowledged;

	/** The ledger, written directly when Kafka did not acknowledge a reservation. */
	private final Transactions transactions;

	private final Clock clock;

	FlashOrders(EntryTokenCodec codec, FlashSales sales, FlashSaleStore store, FlashSaleWarming warming,
			ClaimEvents events, FlashSaleProperties properties, FlashSaleMeters meters, AcknowledgedHandOffs acknowledged,
			Transactions transactions, Clock clock) {
		this.codec = codec;
		this.sales = sales;
		this.store = store;
		this.warming = warming;
		this.events = events;
		this.properties = properties;
		this.meters = meters;
		this.acknowledged = acknowledged;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** @param idempotencyKey the buyer's Idempotency-Key, or null */
	Answer order(long templateId, long userId, String tokenText, String idempotencyKey) {
		KeyedRequest keyed = bind(templateId, userId, idempotencyKey, tokenText);
		long deadline = System.nanoTime() + this.properties.replayWait().toNanos();
		while (true) {
			Answer answer = attempt(templateId, userId, tokenText, keyed);
			if (answer != null) {
				return answer;
			}
			// the first request with this key is still handing its reservation off: wait for its answer
			if (System.nanoTime() > deadline) {
				throw new ProblemException(ProblemCode.CONFLICT,
						"the first request with this Idempotency-Key is still running; retry later");
			}
			sleep();
		}
	}

	/** @return the answer, or null while the first request with this key is still running */
	private Answer attempt(long templateId, long userId, String tokenText, KeyedRequest keyed) {
		// milliseconds: what the key's record keeps, so a replay answers the very same payBefore
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		EntryTokenCodec.Verdict verdict = this.codec.verify(tokenText, templateId, userId, now);
		if (!verdict.admitted()) {
			// a repeat replays the first answer before the token is looked at (it is used up or expired by then)
			if (keyed != KeyedRequest.NONE) {
				FlashSaleStore.Reply recorded = unavailableIfDown(() -> this.store.recorded(templateId, userId, keyed));
				if (recorded.outcome() == FlashSaleStore.Outcome.REPLAY) {
					return replay(templateId, keyed, recorded);
				}
			}
			this.meters.order("TOKEN_" + verdict.rejection().name());
			throw new ProblemException(ProblemCode.FORBIDDEN, "the entry token is " + switch (verdict.rejection()) {
				case MISSING -> "missing";
				case EXPIRED -> "expired";
				case OTHER_USER -> "someone else's";
				case OTHER_SALE -> "for another sale";
				case MALFORMED, FORGED -> "not valid";
				case RETIRED_KEY -> "signed with a retired key";
			});
		}
		EntryToken token = verdict.token();
		FlashSale sale = this.sales.find(templateId).orElseThrow(() -> notClaimable(templateId));
		String transactionId = TsidCreator.getTsid().toString();
		Instant payBefore = now.plus(this.properties.paymentWindow());
		FlashOrderRecord record = FlashOrderRecord.reserved(keyed.fingerprint(), transactionId, sale.price(), payBefore);
		// the used-up mark outlives the token, so the token can never be used twice
		Duration markTtl = Duration.between(now, token.expiresAt()).plusMinutes(1);
		FlashSaleStore.Reply reply = reserve(sale, userId, token, transactionId, now, markTtl, keyed, record);
		if (reply.outcome() == FlashSaleStore.Outcome.MISSING && this.warming.rebuild(sale)) {
			reply = reserve(sale, userId, token, transactionId, now, markTtl, keyed, record);
		}
		switch (reply.outcome()) {
			case RESERVED -> {
				return new Answer(handOff(sale, userId, token, transactionId, now, payBefore, keyed), false);
			}
			case REPLAY -> {
				return replay(templateId, keyed, reply);
			}
			case TOKEN_USED -> {
				this.meters.order("TOKEN_USED");
				throw new ProblemException(ProblemCode.FORBIDDEN, "the entry token is used up");
			}
			case NOT_CLAIMABLE, LIMIT_REACHED, SOLD_OUT -> {
				this.meters.order(reply.outcome().name());
				throw refusal(reply.outcome(), templateId);
			}
			case MISSING -> {
				this.meters.order("UNAVAILABLE");
				throw new ProblemException(ProblemCode.UNAVAILABLE, "the sale is being restored; retry");
			}
			case NONE -> throw new IllegalStateException("the order script answered NONE to an order");
		}
		throw new IllegalStateException("unhandled outcome " + reply.outcome());
	}

	/**
	 * The key bound to this sale (a key first used on another sale is another request: 409) and the
	 * request's fingerprint; {@link KeyedRequest#NONE} without a key.
	 */
	private KeyedRequest bind(long templateId, long userId, String idempotencyKey, String tokenText) {
		if (idempotencyKey == null) {
			return KeyedRequest.NONE;
		}
		IdempotencyKeys.checked(idempotencyKey);
		long bound = unavailableIfDown(
				() -> this.store.bindKey(userId, idempotencyKey, templateId, FlashSaleStore.RETENTION));
		if (bound != templateId) {
			throw new ProblemException(ProblemCode.CONFLICT, "this Idempotency-Key was already used for a different request");
		}
		return KeyedRequest.of(userId, idempotencyKey, fingerprint(tokenText));
	}

	/** The first answer under the key again; null while its hand-off is unacknowledged (the caller waits). */
	private Answer replay(long templateId, KeyedRequest keyed, FlashSaleStore.Reply reply) {
		FlashOrderRecord first = reply.recorded();
		if (!first.fingerprint().equals(keyed.fingerprint())) {
			throw new ProblemException(ProblemCode.CONFLICT, "this Idempotency-Key was already used for a different request");
		}
		if (reply.unacknowledged()) {
			return null;
		}
		this.meters.order("REPLAYED");
		if (first.outcome() != FlashSaleStore.Outcome.RESERVED) {
			throw new ReplayedRefusal(refusal(first.outcome(), templateId));
		}
		return new Answer(new Placed(first.transactionId(), first.price(), first.payBefore(),
				this.properties.paymentUrl(first.transactionId())), true);
	}

	private FlashSaleStore.Reply reserve(FlashSale sale, long userId, EntryToken token, String transactionId,
			Instant now, Duration markTtl, KeyedRequest keyed, FlashOrderRecord record) {
		try {
			return this.store.order(sale.templateId(), userId, token.nonce(), transactionId, now, markTtl, keyed, record);
		}
		catch (DataAccessException ex) {
			// the script may have run: give back what it may have taken (only this transaction's)
			undoQuietly(sale, userId, token, transactionId, keyed);
			this.meters.order("UNAVAILABLE");
			throw new ProblemException(ProblemCode.UNAVAILABLE, "orders cannot be taken right now; nothing was taken");
		}
	}

	private Placed handOff(FlashSale sale, long userId, EntryToken token, String transactionId, Instant now,
			Instant payBefore, KeyedRequest keyed) {
		FlashSaleReserved reserved = new FlashSaleReserved(UUID.randomUUID().toString(), transactionId,
				Long.toString(sale.templateId()), Long.toString(userId), sale.price(), now, payBefore, now);
		try {
			this.events.send(reserved);
		}
		catch (ClaimEvents.NotSent ex) {
			recordInTheLedger(reserved, ex, keyed);
		}
		this.acknowledged.add(sale.templateId(), transactionId, userId);
		this.meters.order("RESERVED");
		return new Placed(transactionId, sale.price(), payBefore, this.properties.paymentUrl(transactionId));
	}

	/**
	 * Kafka did not acknowledge the reservation, yet the broker may have written it (a batch on the
	 * wire when it went away): giving the unit back could sell it twice once the record reaches the
	 * ledger. The ledger records it now instead (idempotent by transaction id, so the late record is
	 * a duplicate). With the database away too, the hand-off marker stays for the re-drive and the
	 * buyer is told to retry with the same key, which replays the outcome once it is known.
	 */
	private void recordInTheLedger(FlashSaleReserved reserved, ClaimEvents.NotSent notSent, KeyedRequest keyed) {
		log.warn("{}; recording reservation {} in the ledger directly", notSent.getMessage(), reserved.transactionId());
		try {
			for (ArbiterRule.Verdict rejected : this.transactions.recordAll(List.of(reserved))) {
				// the buyer sees it on the transaction, as when the ledger's consumer rejects one
				log.warn("reservation {} of sale {} rejected by the ledger's arbiter ({})", reserved.transactionId(),
						reserved.templateId(), rejected.code());
			}
		}
		catch (Transactions.ConcurrentlyRecordedException recordedMeanwhile) {
			// the broker had it after all, and the ledger's consumer recorded it first
		}
		catch (DataAccessException | TransactionException ex) {
			this.meters.order("UNAVAILABLE");
			log.warn("reservation {} stays with its hand-off marker until the re-drive: {}", reserved.transactionId(),
					ex.getMessage());
			throw new ProblemException(ProblemCode.UNAVAILABLE, keyed == KeyedRequest.NONE
					? "the order cannot be confirmed right now; its unit is held until the payment window ends"
					: "the order cannot be confirmed right now; retry with the same Idempotency-Key");
		}
		this.meters.notHandedOff();
	}

	private void undoQuietly(FlashSale sale, long userId, EntryToken token, String transactionId, KeyedRequest keyed) {
		try {
			this.store.undo(sale.templateId(), userId, token.nonce(), transactionId, keyed);
		}
		catch (DataAccessException ex) {
			// Redis holds a unit no transaction will ever claim; the stock view shows the drift
			log.warn("reservation {} of sale {} could not be undone: {}", transactionId, sale.templateId(),
					ex.getMessage());
		}
	}

	/** Nothing has been taken yet: the client may retry with the same key (a Redis failover, say). */
	private <T> T unavailableIfDown(Supplier<T> redisCall) {
		try {
			return redisCall.get();
		}
		catch (DataAccessException ex) {
			this.meters.order("UNAVAILABLE");
			throw new ProblemException(ProblemCode.UNAVAILABLE,
					"the Idempotency-Key cannot be checked right now; nothing was done, retry with the same key");
		}
	}

	private static ProblemException refusal(FlashSaleStore.Outcome outcome, long templateId) {
		return switch (outcome) {
			case LIMIT_REACHED -> new ProblemException(ProblemCode.LIMIT_REACHED,
					"you hold as many units of flash sale " + templateId + " as it allows");
			case SOLD_OUT -> new ProblemException(ProblemCode.SOLD_OUT, "flash sale " + templateId + " is sold out");
			case NOT_CLAIMABLE -> new ProblemException(ProblemCode.NOT_CLAIMABLE,
					"flash sale " + templateId + " is not open for orders");
			default -> throw new IllegalArgumentException(outcome + " is no refusal");
		};
	}

	private ProblemException notClaimable(long templateId) {
		this.meters.order("NOT_CLAIMABLE");
		return refusal(FlashSaleStore.Outcome.NOT_CLAIMABLE, templateId);
	}

	/**
	 * The request as far as the key goes: the path names the sale (the key's record lives under it)
	 * and the body's one field is the token, so the token tells a repeat from another request.
	 */
	private static String fingerprint(String tokenText) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((tokenText == null ? "" : tokenText).getBytes(StandardCharsets.UTF_8));
			// 128 bits are plenty to tell one buyer's requests under one key apart
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProblemException(ProblemCode.UNAVAILABLE, "interrupted while waiting for the first request; retry");
		}
	}

}
