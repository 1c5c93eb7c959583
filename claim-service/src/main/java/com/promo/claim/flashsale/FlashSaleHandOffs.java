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

/**
 * Re-drives reservations whose hand-off to Kafka was never acknowledged: the order script took the
 * unit, and the process stopped (a SIGKILL, a crash) before the broker's ack. No buyer got a 201
 * for it, but without a transaction in the ledger nothing would ever give the unit back. After
 * {@code promo.flash-sale.handoff-redrive-after} the reservation is sent again as it was (same
 * transaction id, reserved then, payable until its {@code payBefore}); the ledger records a
 * transaction once, so a hand-off that did reach Kafka before the process stopped is not doubled.
 * The transaction then expires unpaid like any other and its unit comes back exactly once.
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

	private final Clock clock;

	private final ClusterJobs jobs;

	FlashSaleHandOffs(FlashSales sales, FlashSaleStore store, ClaimEvents events, FlashSaleProperties properties,
			Clock clock, ClusterJobs jobs) {
		this.sales = sales;
		this.store = store;
		this.events = events;
		this.properties = properties;
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
		catch (DataAccessException | ClaimEvents.NotSent ex) {
			log.warn("re-driving unacknowledged flash-sale reservations failed, the next pass retries: {}",
					ex.getMessage());
		}
	}

	/** @return how many reservations of the sale were sent again */
	int redrive(FlashSale sale) throws ClaimEvents.NotSent {
		Instant cutoff = this.clock.instant().minus(this.properties.handoffRedriveAfter());
		List<FlashSaleStore.UnsentReservation> unsent = this.store.unsentBefore(sale.templateId(), cutoff,
				this.properties.expiryBatch());
		for (FlashSaleStore.UnsentReservation reservation : unsent) {
			this.events.send(new FlashSaleReserved(UUID.randomUUID().toString(), reservation.transactionId(),
					Long.toString(sale.templateId()), Long.toString(reservation.userId()), sale.price(),
					reservation.reservedAt(), reservation.reservedAt().plus(this.properties.paymentWindow()),
					this.clock.instant()));
			this.store.handedOff(sale.templateId(),
					List.of(FlashSaleStore.handOffMember(reservation.transactionId(), reservation.userId())));
			log.info("flash-sale reservation {} of sale {} re-driven: its hand-off was never acknowledged",
					reservation.transactionId(), sale.templateId());
		}
		return unsent.size();
	}

}
