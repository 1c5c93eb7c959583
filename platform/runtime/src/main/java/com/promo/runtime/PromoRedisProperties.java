package com.promo.runtime;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the Redis Cluster is checked.
 *
 * @param healthTimeout how long the redis health check waits for the first master's answer: longer
 * than the data path's command timeout (a check is not a request, and a busy machine must not take
 * a pod out of service), shorter than the readiness probe's own timeout (6 s in deploy/)
 */
@ConfigurationProperties("promo.redis")
public record PromoRedisProperties(@DefaultValue("4s") Duration healthTimeout) {

	public PromoRedisProperties {
		if (healthTimeout.isNegative() || healthTimeout.isZero()) {
			throw new IllegalArgumentException("promo.redis.health-timeout must be positive, not " + healthTimeout);
		}
	}

}
