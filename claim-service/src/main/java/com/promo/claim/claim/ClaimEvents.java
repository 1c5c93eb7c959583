package com.promo.claim.claim;

import java.util.concurrent.TimeUnit;

import com.promo.claim.ClaimProperties;
import com.promo.contracts.EventCodec;
import com.promo.contracts.PlatformEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The one place claim-service encodes and sends its events: the envelope on the event type's
 * topic, keyed by the event's key, and the caller waits for the broker's acknowledgement (acks=all,
 * idempotent producer) up to {@code promo.claim.send-timeout}.
 */
@Component
public class ClaimEvents {

	/** The broker did not acknowledge the event in time (or refused it): it may or may not be there. */
	public static class NotSent extends RuntimeException {

		NotSent(PlatformEvent event, Throwable cause) {
			super(event.eventType().name() + " " + event.key() + " not acknowledged: " + cause, cause);
		}

	}

	private final KafkaTemplate<String, byte[]> kafka;

	private final ClaimProperties properties;

	private final Timer sendTimer;

	ClaimEvents(KafkaTemplate<String, byte[]> kafka, ClaimProperties properties, MeterRegistry meters) {
		this.kafka = kafka;
		this.properties = properties;
		this.sendTimer = Timer.builder("promo.claim.kafka.send").publishPercentiles(0.5, 0.99).register(meters);
	}

	/** Sends the event and returns once Kafka acknowledged it; {@link NotSent} otherwise. */
	public void send(PlatformEvent event) {
		long start = System.nanoTime();
		try {
			this.kafka.send(event.eventType().topic().wireName(), event.key(), EventCodec.encode(event.toEnvelope()))
				.get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NotSent(event, ex);
		}
		catch (Exception ex) {
			throw new NotSent(event, ex);
		}
		finally {
			this.sendTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

}
