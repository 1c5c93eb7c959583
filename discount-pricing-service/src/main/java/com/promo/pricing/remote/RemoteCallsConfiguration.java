package com.promo.pricing.remote;

import java.time.Duration;
import java.util.concurrent.Executors;

import com.promo.pricing.PricingProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The guarded calls to crowd-sync-service and coupon-service, with their breakers' state and calls
 * as meters ({@code resilience4j.circuitbreaker.*}).
 */
@Configuration(proxyBeanMethods = false)
class RemoteCallsConfiguration {

	static final String CROWD_SYNC = "crowd-sync";

	static final String WALLET = "wallet";

	@Bean
	CircuitBreakerRegistry circuitBreakers(PricingProperties properties, MeterRegistry meters) {
		PricingProperties.Breaker b = properties.breaker();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(b.failureRateThreshold())
			.slidingWindowSize(b.slidingWindowSize())
			.minimumNumberOfCalls(b.minimumNumberOfCalls())
			.waitDurationInOpenState(b.openFor())
			.build());
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
		return registry;
	}

	@Bean
	GuardedCall crowdSyncCalls(CircuitBreakerRegistry breakers, PricingProperties properties) {
		return guarded(CROWD_SYNC, breakers, properties.crowdSyncTimeout());
	}

	@Bean
	GuardedCall walletCalls(CircuitBreakerRegistry breakers, PricingProperties properties) {
		return guarded(WALLET, breakers, properties.walletTimeout());
	}

	/** Remote calls run on virtual threads, so that the time limiter can give up on them cheaply. */
	private static GuardedCall guarded(String name, CircuitBreakerRegistry breakers, Duration timeout) {
		TimeLimiter limiter = TimeLimiter.of(name, TimeLimiterConfig.custom()
			.timeoutDuration(timeout)
			.cancelRunningFuture(true)
			.build());
		return new GuardedCall(name, breakers.circuitBreaker(name), limiter, Executors.newVirtualThreadPerTaskExecutor());
	}

}
