package com.promo.outbox;

import java.time.Duration;

import com.promo.contracts.EventCodec;
import com.promo.contracts.PlatformEvent;
import com.promo.scheduling.ClusterJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * The transactional outbox of every service that publishes events. Business code publishes
 * {@link PlatformEvent}s with Spring's {@code ApplicationEventPublisher} inside its transaction;
 * Spring Modulith records each in the {@code EVENT_PUBLICATION} table in that same transaction and,
 * after the commit, sends it to Kafka as a versioned envelope on the event type's topic, keyed by
 * {@link PlatformEvent#key()}. A publication Kafka did not acknowledge (broker down, process killed
 * between commit and send) stays incomplete and is sent again: at start-up
 * ({@code republish-outstanding-events-on-restart}) and periodically. Consumers deduplicate on the
 * envelope's {@code eventId}, which the event fixed when it happened.
 */
@AutoConfiguration
@EnableScheduling
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

	private static final Logger log = LoggerFactory.getLogger(OutboxAutoConfiguration.class);

	@Bean
	EventExternalizationConfiguration platformEventExternalization() {
		return EventExternalizationConfiguration.externalizing()
			.select(event -> event instanceof PlatformEvent)
			.routeAll(event -> {
				PlatformEvent platformEvent = (PlatformEvent) event;
				return RoutingTarget.forTarget(platformEvent.eventType().topic().wireName()).andKey(platformEvent.key());
			})
			.mapping(PlatformEvent.class, event -> EventCodec.encode(event.toEnvelope()))
			.build();
	}

	/**
	 * One instance resubmits at a time: the publications are the service's, not the instance's,
	 * and every instance resubmitting them would send each stuck event once per instance. A round
	 * sends at most the publications that are stuck (each send bounded by the producer's delivery
	 * timeout); a holder that dies mid-round leaves the rest to another instance after five
	 * intervals (2.5 min by default), and restarts republish anyway.
	 */
	@Bean
	SchedulingConfigurer outboxResubmission(IncompleteEventPublications incomplete, OutboxProperties properties,
			ClusterJobs jobs) {
		Duration every = properties.resubmitEvery();
		return registrar -> registrar.addFixedDelayTask(jobs.locked("outbox-resubmission", every, every.multipliedBy(5), () -> {
			try {
				incomplete.resubmitIncompletePublicationsOlderThan(properties.resubmitOlderThan());
			}
			catch (RuntimeException ex) {
				log.warn("resubmitting outbox publications failed, will retry: {}", ex.getMessage());
			}
		}), every);
	}

}
