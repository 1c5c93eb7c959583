package com.promo.pricing;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of discount-pricing-service.
 *
 * @param nearCacheSize how many items (with their fan prices) an instance keeps in memory; a miss
 * is one indexed database read for all missing items of a request
 * @param nearCacheTtl how long an instance keeps an item in memory (item events evict it sooner)
 * @param crowdSyncUrl crowd-sync-service, for the strong membership checks of
 * {@code POST /internal/prices/verify}
 * @param crowdSyncTimeout how long one strong membership check may take before verification fails
 * closed (503)
 * @param walletUrl coupon-service, for the coupons of a quote
 * @param walletTimeout how long a wallet read may take before the quote answers without coupons
 * @param breaker the circuit breakers in front of both remote services
 */
@ConfigurationProperties("promo.pricing")
@Validated
public record PricingProperties(@DefaultValue("200000") @Min(1) long nearCacheSize,
		@DefaultValue("10m") @NotNull Duration nearCacheTtl,
		@DefaultValue("http://127.0.0.1:8084") @NotBlank String crowdSyncUrl,
		@DefaultValue("1s") @NotNull Duration crowdSyncTimeout,
		@DefaultValue("http://127.0.0.1:8082") @NotBlank String walletUrl,
		@DefaultValue("1s") @NotNull Duration walletTimeout, @DefaultValue @Valid Breaker breaker) {

	/**
	 * @param failureRateThreshold percentage of failed (or timed-out) calls that opens the breaker
	 * @param slidingWindowSize how many recent calls the failure rate is taken over
	 * @param minimumNumberOfCalls how many calls the breaker needs before it judges
	 * @param openFor how long an open breaker refuses calls at once before letting a few through
	 */
	public record Breaker(@DefaultValue("50") @Min(1) @Max(100) float failureRateThreshold,
			@DefaultValue("20") @Min(1) int slidingWindowSize, @DefaultValue("5") @Min(1) int minimumNumberOfCalls,
			@DefaultValue("10s") @NotNull Duration openFor) {
	}

}
