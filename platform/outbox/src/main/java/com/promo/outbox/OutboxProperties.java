package com.promo.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param resubmitEvery how often publications that Kafka has not acknowledged are sent again
 * @param resubmitOlderThan how old an unacknowledged publication must be before it is sent again
 * (younger ones are most likely still on their way)
 */
@ConfigurationProperties("promo.outbox")
public record OutboxProperties(@DefaultValue("30s") Duration resubmitEvery, @DefaultValue("30s") Duration resubmitOlderThan) {
}
