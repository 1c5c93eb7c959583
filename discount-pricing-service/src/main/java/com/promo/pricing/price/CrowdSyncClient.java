package com.promo.pricing.price;

import com.promo.pricing.PricingProperties;
import com.promo.pricing.remote.GuardedCall;
import com.promo.security.ServiceTokens;

import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * crowd-sync-service's strong membership read,
 * {@code GET /internal/crowds/{crowdId}/members/{userId}?consistency=strong} (the durable relation
 * store, not the Redis copy), behind the crowd-sync circuit breaker and time limiter.
 */
@Component
class CrowdSyncClient {

	record Membership(boolean member, String source) {
	}

	private final RestClient http;

	private final GuardedCall calls;

	CrowdSyncClient(RestClient.Builder builder, PricingProperties properties, ServiceTokens tokens,
			GuardedCall crowdSyncCalls) {
		this.http = builder.baseUrl(properties.crowdSyncUrl())
			.requestFactory(GuardedCall.httpTimeouts(properties.crowdSyncTimeout()))
			.requestInterceptor(tokens.bearer())
			.build();
		this.calls = crowdSyncCalls;
	}

	/** @throws com.promo.pricing.remote.RemoteUnavailable when crowd-sync cannot say */
	boolean isMemberStrongly(String crowdId, long userId) {
		Membership answer = this.calls.call(() -> this.http.get()
			.uri("/internal/crowds/{crowdId}/members/{userId}?consistency=strong", crowdId, userId)
			.retrieve()
			.body(Membership.class));
		return answer != null && answer.member();
	}

}
