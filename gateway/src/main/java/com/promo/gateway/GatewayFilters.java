package com.promo.gateway;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import com.promo.security.PromoSecurityProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The gateway's servlet filters, in the order they run: the request id and the body limit
 * (promo-web), {@link InternalPathsFilter}, Spring Security's chain (-100), the rate limiter
 * (-90), then {@link ProxyFilter}, which answers every routed request itself.
 */
@Configuration(proxyBeanMethods = false)
class GatewayFilters {

	/** After the rate limiter ({@code RateLimitConfiguration.AFTER_SECURITY}, -90): only what it let through is proxied. */
	static final int AFTER_RATE_LIMIT = -80;

	/** Runs right after the request-id filter and well before Spring Security's chain (-100). */
	@Bean
	FilterRegistrationBean<InternalPathsFilter> internalPathsFilter() {
		FilterRegistrationBean<InternalPathsFilter> registration = new FilterRegistrationBean<>(new InternalPathsFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean(destroyMethod = "close")
	ServiceProxy serviceProxy(ProxyClientProperties properties, Tracer tracer, Propagator propagator) {
		return new ServiceProxy(properties, RouteTable.SERVICES.size(), tracer, propagator);
	}

	@Bean
	FilterRegistrationBean<ProxyFilter> proxyFilter(GatewayProperties properties, ServiceProxy proxy,
			CircuitBreakerRegistry breakers) {
		FilterRegistrationBean<ProxyFilter> registration = new FilterRegistrationBean<>(
				new ProxyFilter(new ProxyRoutes(properties), proxy, breakers));
		registration.setOrder(AFTER_RATE_LIMIT);
		return registration;
	}

	/**
	 * An anonymous read of a public path (no {@code Authorization} header) skips Spring Security's
	 * filters: there is no token to check and nothing to authorize (the paths are public), and the
	 * chain was a sixth of the gateway's CPU per proxied read (README "The gateway benchmark").
	 * The firewall still runs first (it guards every request, ignored or not); a request with a
	 * token, even on these paths, takes the whole chain, so a bad token stays a 401.
	 */
	@Bean
	WebSecurityCustomizer anonymousPublicReads(PromoSecurityProperties properties) {
		List<RequestMatcher> publicPaths = properties.publicGetPaths()
			.stream()
			.map(path -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, path))
			.toList();
		RequestMatcher anonymousPublicRead = request -> withoutCredentials(request)
				&& publicPaths.stream().anyMatch(matcher -> matcher.matches(request));
		return web -> web.ignoring().requestMatchers(anonymousPublicRead);
	}

	private static boolean withoutCredentials(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) == null;
	}

}
