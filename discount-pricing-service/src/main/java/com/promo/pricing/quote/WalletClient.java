package com.promo.pricing.quote;

import java.util.List;
import java.util.Optional;

import com.promo.pricing.PricingProperties;
import com.promo.pricing.remote.GuardedCall;
import com.promo.security.ServiceTokens;

import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * The buyer's coupons with their terms, from coupon-service's internal wallet reads, behind the
 * wallet circuit breaker and time limiter. A 404 is an answer (not the buyer's coupon), not a
 * failure; anything else that goes wrong is {@link com.promo.pricing.remote.RemoteUnavailable}.
 */
@Component
class WalletClient {

	record CouponList(List<WalletCoupon> items) {
	}

	private final RestClient http;

	private final GuardedCall calls;

	WalletClient(RestClient.Builder builder, PricingProperties properties, ServiceTokens tokens,
			GuardedCall walletCalls) {
		this.http = builder.baseUrl(properties.walletUrl())
			.requestFactory(GuardedCall.httpTimeouts(properties.walletTimeout()))
			.requestInterceptor(tokens.bearer())
			.build();
		this.calls = walletCalls;
	}

	List<WalletCoupon> unusedCoupons(long userId) {
		CouponList list = this.calls.call(() -> this.http.get()
			.uri("/internal/users/{userId}/coupons?status=UNUSED", userId)
			.retrieve()
			.body(CouponList.class));
		return list == null || list.items() == null ? List.of() : list.items();
	}

	/** The buyer's coupon, or empty when the buyer has no coupon with that id. */
	Optional<WalletCoupon> coupon(long userId, long couponId) {
		return this.calls.call(() -> {
			try {
				return Optional.ofNullable(this.http.get()
					.uri("/internal/users/{userId}/coupons/{couponId}", userId, couponId)
					.retrieve()
					.body(WalletCoupon.class));
			}
			catch (HttpClientErrorException.NotFound notTheBuyers) {
				return Optional.empty();
			}
		});
	}

}
