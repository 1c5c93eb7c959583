package com.promo.gateway;

import com.promo.web.RequestIdFilter;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;

@Configuration(proxyBeanMethods = false)
class GatewayFilters {

	/** Runs right after the request-id filter and well before Spring Security's chain (-100). */
	@Bean
	FilterRegistrationBean<InternalPathsFilter> internalPathsFilter() {
		FilterRegistrationBean<InternalPathsFilter> registration = new FilterRegistrationBean<>(new InternalPathsFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	/**
	 * The gateway's request-id filter already put the id on the answer, and the service echoes the
	 * same id it was sent: its copy goes, so the client sees one {@code X-Request-Id}.
	 */
	@Bean
	HttpHeadersFilter.ResponseHttpHeadersFilter dropTheServicesRequestId() {
		return (headers, response) -> {
			if (!headers.containsHeader(RequestIdFilter.HEADER)) {
				return headers;
			}
			HttpHeaders kept = new HttpHeaders();
			kept.putAll(headers);
			kept.remove(RequestIdFilter.HEADER);
			return kept;
		};
	}

}
