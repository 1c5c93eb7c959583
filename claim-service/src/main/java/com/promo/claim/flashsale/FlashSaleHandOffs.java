package com.promo.claim.flashsale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.promo.claim.claim.ClaimEvents;
import com.promo.contracts.flashsale.FlashSaleReserved;
import com.promo.scheduling.ClusterJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Re-drives reservations whose hand-off to Kafka was never acknowledged: the order script took the
 * unit, and the process stopped (a SIGKILL, a crash) before the broker's ack. No buyer got a 201
 * for it, but without a transaction in the ledger nothing would ever give the unit back. After
 * {@code promo.flash-sale.handoff-redrive-after} the reservation is sent again as it was (same
 * transaction id, reserved then, payable until its {@code payBefore}); the ledger records a
 * transaction once, so a hand-off that did reach Kafka before the process stopped is not doubled.
 * The transaction then expires unpaid like any other and its unit comes back exactly once. While
 * Kafka still refuses, the reservations go to the ledger directly, as the order path does when its
 * own send fails: a Kafka outage longer than the re-drive delay would otherwise leave their units
 * held with no transaction to expire them, and a buyer retrying with the same Idempotency-Key
 * waiting for a hand-off that cannot happen.
 */
@Component
class FlashSaleHandOffs {

	private static final Logger log = LoggerFactory.getLogger(FlashSaleHandOffs.class);

	/** A sale's reservations move until its last payment window closes; a day covers any window set. */
	private static final Duration AFTER_THE_END = Duration.ofDays(1);

	private final FlashSales sales;

	private final FlashSaleStore store;

	private final ClaimEvents events;

	private final FlashSaleProperties properties;

	private final Transactions ledger;

	private final Clock clock;

	private final ClusterJobs jobs;

	FlashSaleHandOffs(FlashSales sales, FlashSaleStore store, ClaimEvents events, FlashSaleProperties properties,
			Transactions ledger, Clock clock, ClusterJobs jobs) {
		this.sales = sales;
		this.store = store;
		this.events = events;
		this.properties = properties;
		this.ledger = ledger;
		this.clock = clock;
		this.jobs = jobs;
	}

	@Scheduled(fixedDelayString = "${promo.flash-sale.expiry-interval:1s}",
			initialDelayString = "${promo.flash-sale.expiry-interval:1s}")
	void run() {
		Duration interval = this.properties.expiryInterval();
		this.jobs.runLocked("flash-sale-handoffs", interval, interval.multipliedBy(15), this::redriveAll);
	}

	private void redriveAll() {
		try {
			for (FlashSale sale : this.sales.endingAfter(this.clock.instant().minus(AFTER_THE_END))) {
				redrive(sale);
			}
		}
		catch (DataAccessException | TransactionException ex) {
			log.warn("re-driving unacknowledged flash-sale reservations failed, the next pass retries: {}",
					ex.getMessage());
		}
	}

	/** @return how many reservations of the sale were sent again or recorded in the ledger */
	int redrive(FlashSale sale) {
		Instant cutoff = this.clock.instant().minus(this.properties.handoffRedriveAfter());
		List<FlashSaleStore.UnsentReservation> unsent = this.store.unsentBefore(sale.templateId(), cutoff,
				this.properties.expiryBatch());
		for (int i = 0; i < unsent.size(); i++) {
			FlashSaleStore.UnsentReservation reservation = unsent.get(i);
			try {
				this.events.send(reserved(sale, reservation));
			}
			catch (ClaimEvents.NotSent ex) {
				// one refusal is enough: the rest of the batch goes to the ledger with it, not to Kafka one by one
				return i + recordInTheLedger(sale, unsent.subList(i, unsent.size()), ex);
			}
			this.store.handedOff(sale.templateId(),
					List.of(FlashSaleStore.handOffMember(reservation.transactionId(), reservation.userId())));
			log.info("flash-sale reservation {} of sale {} re-driven: its hand-off was never acknowledged",
					reservation.transactionId(), sale.templateId());
		}
		return unsent.size();
	}

	/**
	 * Records reservations Kafka refused in the ledger (once each: a transaction id it holds is
	 * skipped) and clears their markers. With the database away too, the markers stay for the next pass.
	 */
	private int recordInTheLedger(FlashSale sale, List<FlashSaleStore.UnsentReservation> unsent, ClaimEvents.NotSent notSent) {
		log.warn("{}; recording {} re-driven reservations of sale {} in the ledger directly", notSent.getMessage(),
				unsent.size(), sale.templateId());
		try {
			for (ArbiterRule.Verdict rejected : this.ledger.recordAll(unsent.stream().map(r -> reserved(sale, r)).toList())) {
				log.warn("reservation {} of sale {} rejected by the ledger's arbiter ({})",
						rejected.reservation().transactionId(), sale.templateId(), rejected.code());
			}
		}
		catch (Transactions.ConcurrentlyRecordedException ex) {
			// the ledger's consumer recorded some of them at the same time: the next pass skips those
			log.info("re-driven reservations of sale {} were recorded meanwhile; the next pass records the rest",
					sale.templateId());
			return 0;
		}
		this.store.handedOff(sale.templateId(),
				unsent.stream().map(r -> FlashSaleStore.handOffMember(r.transactionId(), r.userId())).toList());
		return unsent.size();
	}

	/** The reservation as the order sent it: same transaction id, reserved then, payable until its window ends. */
	private FlashSaleReserved reserved(FlashSale sale, FlashSaleStore.UnsentReservation reservation) {
		return new FlashSaleReserved(UUID.randomUUID().toString(), reservation.transactionId(),
				Long.toString(sale.templateId()), Long.toString(reservation.userId()), sale.price(),
				reservation.reservedAt(), reservation.reservedAt().plus(this.properties.paymentWindow()),
				this.clock.instant());
	}

}
