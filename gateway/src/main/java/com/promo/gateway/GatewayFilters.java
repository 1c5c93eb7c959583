package com.promo.gateway;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class GatewayFilters {

	/** Runs right after the request-id filter and well before Spring Security's chain (-100). */
	@Bean
	FilterRegistrationBean<InternalPathsFilter> internalPathsFilter() {
		FilterRegistrationBean<InternalPathsFilter> registration = new FilterRegistrationBean<>(new InternalPathsFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
