package com.promo.claim.claim;

import java.time.Duration;

import com.promo.claim.ClaimProperties;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import com.promo.security.ServiceTokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * coupon-service's synchronous settlement, for the last units of a template (the stock freeze):
 * the wallet's database decides before the consumer hears anything. Behind a circuit breaker and a
 * timeout: when the wallet cannot answer, the claim gives its unit back and answers 503.
 */
@Component
class WalletClient {

	private final RestClient http;

	private final CircuitBreaker breaker = CircuitBreaker.of("wallet", CircuitBreakerConfig.custom()
		.slidingWindowSize(20)
		.minimumNumberOfCalls(5)
		.failureRateThreshold(50)
		.waitDurationInOpenState(Duration.ofSeconds(5))
		.build());

	WalletClient(RestClient.Builder builder, ClaimProperties properties, ServiceTokens tokens) {
		SimpleClientHttpRequestFactory timeouts = new SimpleClientHttpRequestFactory();
		timeouts.setConnectTimeout(Duration.ofSeconds(1));
		timeouts.setReadTimeout(Duration.ofSeconds(3));
		this.http = builder.baseUrl(properties.walletUrl())
			.requestFactory(timeouts)
			.requestInterceptor(tokens.bearer())
			.build();
	}

	ClaimSettled settle(ClaimAccepted claim) {
		return this.breaker.executeSupplier(() -> this.http.post()
			.uri("/internal/claims/settle")
			.body(claim)
			.retrieve()
			.body(ClaimSettled.class));
	}

}
