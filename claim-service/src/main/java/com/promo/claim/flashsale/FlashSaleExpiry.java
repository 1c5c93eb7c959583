package com.promo.claim.flashsale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.promo.scheduling.ClusterJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases unpaid reservations at {@code payBefore}, exactly once, with any number of instances
 * running this and across restarts: the ledger's conditional update RESERVED → EXPIRED picks one
 * winner (state in the database, so a restart just finds the due rows again), only the winner
 * gives the unit and the buyer's count back in Redis, and that give-back is itself idempotent per
 * transaction ({@code :sale:released}) and retried until Redis has it ({@code released} column).
 * One instance of the cluster runs a pass at a time ({@link ClusterJobs}); the others would only
 * read the same due rows and lose the same conditional updates.
 */
@Component
class FlashSaleExpiry {

	private static final Logger log = LoggerFactory.getLogger(FlashSaleExpiry.class);

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
		// a pass takes at most expiryBatch rows, well under a second; it runs every second, so a
		// holder that died mid-pass must not hold the job for long: 15 intervals (15 s by default)
		// late past payBefore at worst, against a payment window of minutes
		Duration interval = this.properties.expiryInterval();
		this.jobs.runLocked("flash-sale-expiry", interval, interval.multipliedBy(15), this::pass);
	}

	private void pass() {
		try {
			expireDue();
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
		int won = 0;
		for (Transaction t : due) {
			if (Boolean.TRUE.equals(this.tx.execute(status -> this.transactions.expire(t, now)))) {
				won++;
				giveBack(t);
			}
		}
		if (won > 0) {
			this.meters.expired(won);
		}
		return won;
	}

	/** Gives an expired transaction's unit back in Redis; a failure leaves it for the retry pass. */
	void giveBack(Transaction t) {
		try {
			this.store.release(t.templateId(), t.userId(), t.transactionId());
			this.transactions.markReleased(t.transactionId());
		}
		catch (DataAccessException ex) {
			log.warn("unit of expired transaction {} not given back to Redis yet: {}", t.transactionId(),
					ex.getMessage());
		}
	}

	void retryGiveBacks() {
		this.transactions.unreleased(this.properties.expiryBatch()).forEach(this::giveBack);
	}

}
