package com.promo.claim.flashsale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.promo.scheduling.ClusterJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases unpaid reservations at {@code payBefore}, exactly once, with any number of instances
 * running this and across restarts: the ledger's locking read of the due rows still RESERVED, then
 * RESERVED → EXPIRED, picks one winner per row (state in the database, so a restart just finds
 * the due rows again), only the winner gives the unit and the buyer's count back in Redis, and
 * that give-back is itself idempotent per transaction ({@code :sale:released}) and retried until
 * Redis has it ({@code released} column). A pass works in batches: one database transaction for
 * its due rows, one script call per sale and hundred rows, one update marking them given back
 * (a sale's reservations come in a burst, so they fall due in one).
 * One instance of the cluster runs a pass at a time ({@link ClusterJobs}); the others would only
 * read the same due rows and lose the same conditional updates.
 */
@Component
class FlashSaleExpiry {

	private static final Logger log = LoggerFactory.getLogger(FlashSaleExpiry.class);

	/** Transactions per give-back script: a few milliseconds of the sale's Redis node at most. */
	static final int RELEASE_CHUNK = 100;

	/** How long one pass may keep taking batches, in expiry intervals (the lock holds for 15). */
	static final int PASS_INTERVALS = 5;

	private final Transactions transactions;

	private final FlashSaleStore store;

	private final TransactionTemplate tx;

	private final FlashSaleProperties properties;

	private final FlashSaleMeters meters;

	private final Clock clock;

	private final ClusterJobs jobs;

	FlashSaleExpiry(Transactions transactions, FlashSaleStore store, TransactionTemplate tx,
			FlashSaleProperties properties, FlashSaleMeters meters, Clock clock, ClusterJobs jobs) {
		this.transactions = transactions;
		this.store = store;
		this.tx = tx;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
		this.jobs = jobs;
	}

	@Scheduled(fixedDelayString = "${promo.flash-sale.expiry-interval:1s}",
			initialDelayString = "${promo.flash-sale.expiry-interval:1s}")
	void run() {
		// a pass takes batches for at most PASS_INTERVALS intervals; it runs every second, so a
		// holder that died mid-pass must not hold the job for long: 15 intervals (15 s by default)
		// late past payBefore at worst, against a payment window of minutes
		Duration interval = this.properties.expiryInterval();
		this.jobs.runLocked("flash-sale-expiry", interval, interval.multipliedBy(15), () -> pass(interval));
	}

	/**
	 * Batch after batch while reservations fall due, for at most {@link #PASS_INTERVALS} intervals,
	 * well inside the job's lock: a sale's reservations come in a burst and fall due in one.
	 */
	private void pass(Duration interval) {
		long until = System.nanoTime() + interval.multipliedBy(PASS_INTERVALS).toNanos();
		try {
			while (expireDue() > 0 && System.nanoTime() < until) {
				// more may be due
			}
			retryGiveBacks();
		}
		catch (DataAccessException ex) {
			log.warn("flash-sale expiry pass failed, the next one retries: {}", ex.getMessage());
		}
	}

	/** @return how many reservations this call expired (won) */
	int expireDue() {
		Instant now = this.clock.instant();
		List<Transaction> due = this.transactions.due(now, this.properties.expiryBatch());
		if (due.isEmpty()) {
			return 0;
		}
		List<Transaction> won = this.tx.execute(status -> this.transactions.expireAll(due, now));
		if (!won.isEmpty()) {
			this.meters.expired(won.size());
			giveBack(won);
		}
		return won.size();
	}

	/**
	 * Gives expired transactions' units back in Redis, one script call per sale and chunk (a sale's
	 * keys share one slot); a failure leaves them for the retry pass.
	 */
	void giveBack(List<Transaction> expired) {
		Map<Long, List<Transaction>> bySale = expired.stream().collect(Collectors.groupingBy(Transaction::templateId));
		bySale.forEach((templateId, ofSale) -> Transactions.chunks(ofSale, RELEASE_CHUNK).forEach(chunk -> {
			try {
				this.store.release(templateId, chunk);
				this.transactions.markReleased(chunk.stream().map(Transaction::transactionId).toList());
			}
			catch (DataAccessException ex) {
				log.warn("units of {} expired transactions of sale {} not given back to Redis yet: {}", chunk.size(),
						templateId, ex.getMessage());
			}
		}));
	}

	void retryGiveBacks() {
		giveBack(this.transactions.unreleased(this.properties.expiryBatch()));
	}

}
