package com.promo.claim.flashsale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Clears the hand-off markers ({@code sale:handoffs}) of reservations Kafka acknowledged, a sale's
 * markers in one {@code ZREM} every {@code promo.flash-sale.handoff-ack-interval} instead of one
 * round trip per order (the profile's fifth Redis call of a reservation). Clearing late is safe:
 * the re-drive only takes markers older than {@code handoff-redrive-after}, far above the interval,
 * and a marker this process never clears (Redis unreachable, the process stopped) is re-driven,
 * which the ledger records once per transaction id.
 */
@Component
class AcknowledgedHandOffs {

	private static final Logger log = LoggerFactory.getLogger(AcknowledgedHandOffs.class);

	/** Members per ZREM: one command stays short for Redis however many orders piled up. */
	private static final int BATCH = 500;

	private record Ack(long templateId, String member) {
	}

	private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();

	private final FlashSaleStore store;

	AcknowledgedHandOffs(FlashSaleStore store) {
		this.store = store;
	}

	/** Kafka acknowledged the reservation's hand-off: its marker goes with the next batch. */
	void add(long templateId, String transactionId, long userId) {
		this.acks.add(new Ack(templateId, FlashSaleStore.handOffMember(transactionId, userId)));
	}

	@Scheduled(fixedDelayString = "${promo.flash-sale.handoff-ack-interval:100ms}")
	void drain() {
		Map<Long, List<String>> bySale = new LinkedHashMap<>();
		Ack ack;
		while ((ack = this.acks.poll()) != null) {
			List<String> members = bySale.computeIfAbsent(ack.templateId(), t -> new ArrayList<>());
			members.add(ack.member());
			if (members.size() == BATCH) {
				clear(ack.templateId(), bySale.remove(ack.templateId()));
			}
		}
		bySale.forEach(this::clear);
	}

	private void clear(long templateId, List<String> members) {
		try {
			this.store.handedOff(templateId, members);
		}
		catch (DataAccessException ex) {
			// dropped, not retried: the re-drive sends them once more and the ledger keeps one of each
			log.warn("{} acknowledged hand-offs of sale {} stay marked for a re-drive: {}", members.size(), templateId,
					ex.getMessage());
		}
	}

	/** What is acknowledged is cleared before Redis goes, so a stop re-drives nothing. */
	@PreDestroy
	void flush() {
		drain();
	}

}
