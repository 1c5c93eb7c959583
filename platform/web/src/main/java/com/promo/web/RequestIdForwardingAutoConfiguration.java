package com.promo.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;

/** {@link RequestIdForwarding} on every RestClient a service builds from Boot's builder. */
@AutoConfiguration
@ConditionalOnClass(RestClientCustomizer.class)
public class RequestIdForwardingAutoConfiguration {

	@Bean
	RequestIdForwarding requestIdForwarding() {
		return new RequestIdForwarding();
	}

}
