package com.promo.gateway.ratelimit;

import com.promo.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	/** Spring Security's filter chain runs at -100: the limiter comes after it, knowing the token's subject. */
	static final int AFTER_SECURITY = -100 + 10;

	@Bean
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitProperties properties, RateLimiter limiter,
			MeterRegistry registry) {
		EdgeLimits limits = new EdgeLimits(properties);
		RateLimitFilter filter = new RateLimitFilter(limits, new ClientAddresses(properties.trustedProxies()), limiter,
				new RateLimitMeters(registry, limits.names()));
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(AFTER_SECURITY);
		return registration;
	}

}
