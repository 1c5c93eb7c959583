package com.promo.claim.flashsale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.f4b6a3.tsid.TsidCreator;
import com.promo.claim.claim.ClaimEvents;
import com.promo.contracts.flashsale.FlashSaleReserved;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The order path. The entry token first (every failure a 403, before anything else is looked at);
 * then ONE Redis script checks the window, the token's used-up mark, the buyer's limit and the stock
 * and reserves atomically, using the token up only when it reserves; then the reservation is
 * handed to Kafka and acknowledged before the 201, or undone (503, nothing taken, token usable
 * again). The ledger turns it into the transaction; its database arbiter has the last word.
 * Idempotency-Key replays happen before this class runs (the platform filter on this route).
 */
@Service
class FlashOrders {

	record Placed(String transactionId, long price, Instant payBefore, String paymentUrl) {
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

	private final Clock clock;

	FlashOrders(EntryTokenCodec codec, FlashSales sales, FlashSaleStore store, FlashSaleWarming warming,
			ClaimEvents events, FlashSaleProperties properties, FlashSaleMeters meters, Clock clock) {
		this.codec = codec;
		this.sales = sales;
		this.store = store;
		this.warming = warming;
		this.events = events;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	Placed order(long templateId, long userId, String tokenText) {
		Instant now = this.clock.instant();
		EntryTokenCodec.Verdict verdict = this.codec.verify(tokenText, templateId, userId, now);
		if (!verdict.admitted()) {
			this.meters.order("TOKEN_" + verdict.rejection().name());
			throw new ProblemException(ProblemCode.FORBIDDEN, "the entry token is " + switch (verdict.rejection()) {
				case MISSING -> "missing";
				case EXPIRED -> "expired";
				case OTHER_USER -> "someone else's";
				case OTHER_SALE -> "for another sale";
				case MALFORMED, FORGED -> "not valid";
			});
		}
		EntryToken token = verdict.token();
		FlashSale sale = this.sales.find(templateId).orElseThrow(() -> notClaimable(templateId));
		String transactionId = TsidCreator.getTsid().toString();
		// the used-up mark outlives the token, so the token can never be used twice
		Duration markTtl = Duration.between(now, token.expiresAt()).plusMinutes(1);
		FlashSaleStore.Reply reply = reserve(sale, userId, token, transactionId, now, markTtl);
		if (reply.outcome() == FlashSaleStore.Outcome.MISSING && this.warming.rebuild(sale)) {
			reply = reserve(sale, userId, token, transactionId, now, markTtl);
		}
		switch (reply.outcome()) {
			case RESERVED -> {
				return handOff(sale, userId, token, transactionId, now);
			}
			case TOKEN_USED -> {
				this.meters.order("TOKEN_USED");
				throw new ProblemException(ProblemCode.FORBIDDEN, "the entry token is used up");
			}
			case LIMIT_REACHED -> {
				this.meters.order("LIMIT_REACHED");
				throw new ProblemException(ProblemCode.LIMIT_REACHED,
						"you hold as many units of flash sale " + templateId + " as it allows");
			}
			case SOLD_OUT -> {
				this.meters.order("SOLD_OUT");
				throw new ProblemException(ProblemCode.SOLD_OUT, "flash sale " + templateId + " is sold out");
			}
			case NOT_CLAIMABLE -> throw notClaimable(templateId);
			case MISSING -> {
				this.meters.order("UNAVAILABLE");
				throw new ProblemException(ProblemCode.UNAVAILABLE, "the sale is being restored; retry");
			}
		}
		throw new IllegalStateException("unhandled outcome " + reply.outcome());
	}

	private FlashSaleStore.Reply reserve(FlashSale sale, long userId, EntryToken token, String transactionId,
			Instant now, Duration markTtl) {
		try {
			return this.store.order(sale.templateId(), userId, token.nonce(), transactionId, now, markTtl);
		}
		catch (DataAccessException ex) {
			// the script may have run: give back what it may have taken (only this transaction's)
			undoQuietly(sale, userId, token, transactionId);
			this.meters.order("UNAVAILABLE");
			throw new ProblemException(ProblemCode.UNAVAILABLE, "orders cannot be taken right now; nothing was taken");
		}
	}

	private Placed handOff(FlashSale sale, long userId, EntryToken token, String transactionId, Instant now) {
		Instant payBefore = now.plus(this.properties.paymentWindow());
		FlashSaleReserved reserved = new FlashSaleReserved(UUID.randomUUID().toString(), transactionId,
				Long.toString(sale.templateId()), Long.toString(userId), sale.price(), now, payBefore, now);
		try {
			this.events.send(reserved);
		}
		catch (ClaimEvents.NotSent ex) {
			undoQuietly(sale, userId, token, transactionId);
			this.meters.order("UNAVAILABLE");
			log.warn("{}; reservation undone", ex.getMessage());
			throw new ProblemException(ProblemCode.UNAVAILABLE, "orders cannot be taken right now; nothing was taken");
		}
		try {
			this.store.handedOff(sale.templateId(), transactionId, userId);
		}
		catch (DataAccessException ex) {
			// the re-drive sends it once more: the ledger records a transaction once
			log.debug("hand-off of {} acknowledged, its Redis record stays for a re-drive: {}", transactionId,
					ex.getMessage());
		}
		this.meters.order("RESERVED");
		return new Placed(transactionId, sale.price(), payBefore, this.properties.paymentUrl(transactionId));
	}

	private void undoQuietly(FlashSale sale, long userId, EntryToken token, String transactionId) {
		try {
			this.store.undo(sale.templateId(), userId, token.nonce(), transactionId);
		}
		catch (DataAccessException ex) {
			// Redis holds a unit no transaction will ever claim; the stock view shows the drift
			log.warn("reservation {} of sale {} could not be undone: {}", transactionId, sale.templateId(),
					ex.getMessage());
		}
	}

	private ProblemException notClaimable(long templateId) {
		this.meters.order("NOT_CLAIMABLE");
		return new ProblemException(ProblemCode.NOT_CLAIMABLE, "flash sale " + templateId + " is not open for orders");
	}

}
