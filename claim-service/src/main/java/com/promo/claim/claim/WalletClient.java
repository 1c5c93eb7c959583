package com.promo.claim.claim;

import java.net.ConnectException;
import java.time.Duration;

import com.promo.claim.ClaimProperties;
import com.promo.contracts.claim.ClaimAccepted;
import com.promo.contracts.claim.ClaimSettled;
import com.promo.security.ServiceTokens;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * coupon-service's synchronous settlement, for the last units of a template (the stock freeze) and
 * for claims Kafka did not acknowledge: the wallet's database decides before the consumer hears
 * anything. Behind a circuit breaker and a
 * timeout. A failed call either never reached the wallet ({@link NotReached}: the claim may give
 * its unit back) or has an unknown outcome (any other exception: a timeout or a 5xx may come after
 * the wallet committed its decision, so the unit must not be given back).
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
		timeouts.setReadTimeout(properties.walletTimeout());
		this.http = builder.baseUrl(properties.walletUrl())
			.requestFactory(timeouts)
			.requestInterceptor(tokens.bearer())
			.build();
	}

	/** The wallet was not asked, or refused the request before deciding anything. */
	static final class NotReached extends RuntimeException {

		NotReached(Throwable cause) {
			super(cause.getMessage(), cause);
		}

	}

	/**
	 * @throws NotReached when the wallet surely decided nothing (breaker open, connection refused,
	 * a 4xx); any other exception leaves the outcome unknown
	 */
	ClaimSettled settle(ClaimAccepted claim) {
		try {
			return this.breaker.executeSupplier(() -> this.http.post()
				.uri("/internal/claims/settle")
				.body(claim)
				.retrieve()
				.body(ClaimSettled.class));
		}
		catch (CallNotPermittedException | HttpClientErrorException ex) {
			throw new NotReached(ex);
		}
		catch (ResourceAccessException ex) {
			if (ex.getCause() instanceof ConnectException) {
				throw new NotReached(ex);
			}
			throw ex;
		}
	}

}
