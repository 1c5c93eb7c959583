package com.promo.gateway;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the proxy calls the services ({@code promo.gateway.proxy.*}): pooled, kept-alive connections
 * and the timeouts that bound a proxied call.
 *
 * @param maxConnectionsPerService connections kept open to each service at most: every request in
 * flight to a service holds one, so this bounds the gateway's concurrency per service
 * @param poolWait how long a request waits for a free connection when all are busy before it is
 * answered 503 (Apache HttpClient would wait three minutes)
 * @param idleTimeout a pooled connection unused for this long is closed (a background evictor),
 * so the connections a burst opened do not stay open, holding their buffers, until the service
 * closes them
 * @param readTimeout how long opening a connection to a service may take, and how long the service
 * may stay silent (before its answer starts, or between two reads of it): past it the call is a
 * 503 and a failure for the service's circuit breaker
 */
@ConfigurationProperties("promo.gateway.proxy")
@Validated
public record ProxyClientProperties(@DefaultValue("512") @Min(1) int maxConnectionsPerService,
		@DefaultValue("2s") @DurationMin(millis = 1) Duration poolWait,
		@DefaultValue("30s") @DurationMin(seconds = 1) Duration idleTimeout,
		@DefaultValue("10s") @DurationMin(millis = 1) Duration readTimeout) {

}
