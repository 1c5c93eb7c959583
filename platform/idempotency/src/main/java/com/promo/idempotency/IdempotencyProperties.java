package com.promo.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long a key and its first response are kept (API.md: at least 24 h)
 * @param inFlightTimeout how long a key stays claimed by a request that has not answered yet; a
 * duplicate waits at most this long for the first answer
 */
@ConfigurationProperties("promo.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration retention, @DefaultValue("30s") Duration inFlightTimeout) {
}
