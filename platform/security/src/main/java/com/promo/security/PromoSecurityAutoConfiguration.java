package com.promo.security;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Every service validates tokens itself (API.md "Auth"): stateless JWT resource server, roles from
 * the {@code roles} claim, and the path rules {@code /ops/**} OPS, {@code /merchant/**} MERCHANT,
 * {@code /api/**} CONSUMER (public reads configured per service), {@code /internal/**} SERVICE, and
 * {@code /actuator/**} OPS except health, info and prometheus.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({ PromoSecurityProperties.class, TokenCacheProperties.class })
@EnableWebSecurity
public class PromoSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(PromoSecurityProperties properties) {
		return JwtDecoders.of(properties);
	}

	/**
	 * Puts the cache of verified tokens in front of whatever {@link JwtDecoder} the service has
	 * (the HS256 one above or its own), unless {@code promo.security.token-cache.max-size} is 0.
	 */
	@Bean
	static BeanPostProcessor promoTokenCache(ObjectProvider<TokenCacheProperties> properties) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof JwtDecoder decoder) || bean instanceof CachingJwtDecoder) {
					return bean;
				}
				TokenCacheProperties cache = properties.getObject();
				return cache.enabled()
						? new CachingJwtDecoder(decoder, cache.maxSize(), cache.maxAge(), Clock.systemUTC()) : bean;
			}
		};
	}

	/**
	 * With {@code management.observations.enable.spring.security=false} (the platform default) Spring
	 * Security does not even wrap its filters, authentication and authorization in observations;
	 * the predicate alone would leave the wrappers running, each making a no-op observation.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "management.observations.enable.spring.security", havingValue = "false")
	SecurityObservationSettings promoNoSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/** The strict firewall, with its header and parameter rules checked by a loop instead of a regex. */
	@Bean
	WebSecurityCustomizer promoHttpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(HttpFirewallRules::assignedAndNotControl);
		firewall.setAllowedHeaderValues(HttpFirewallRules::assignedAndNotControl);
		firewall.setAllowedParameterNames(HttpFirewallRules::assignedAndNotControl);
		return web -> web.httpFirewall(firewall);
	}

	/**
	 * What the firewall refuses (an encoded dot segment, {@code ;}, {@code //}, a header value with a
	 * control character, an unknown method) is a 400 problem; Spring Security's default sends a bare
	 * 400 that Boot would render without a code. WebSecurity picks this bean up by its type.
	 */
	@Bean
	@ConditionalOnMissingBean
	RequestRejectedHandler promoRequestRejectedHandler() {
		return new ProblemRequestRejectedHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	ServiceTokens serviceTokens(PromoSecurityProperties properties) {
		return new ServiceTokens(properties.serviceSigningSecret(), java.time.Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	SecurityFilterChain promoSecurityFilterChain(HttpSecurity http, PromoSecurityProperties properties) {
		ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers();
		http.csrf(csrf -> csrf.disable())
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests(requests -> {
				requests.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
						"/actuator/prometheus", "/error").permitAll();
				properties.publicGetPaths().forEach(path -> requests.requestMatchers(HttpMethod.GET, path).permitAll());
				// The OpenAPI documents (and the gateway's Swagger UI) to anyone: they describe routes that
				// API.md publishes anyway and hold no data; every route they describe checks its own token.
				// A service's port is not public, and its document is how the gateway builds the UI.
				requests.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
						"/swagger-ui/**").permitAll();
				// every other actuator endpoint (e.g. kafkalisteners, which pauses consumers) is an operator's
				requests.requestMatchers("/actuator/**").hasRole(Role.OPS.name())
					.requestMatchers("/ops/**").hasRole(Role.OPS.name())
					.requestMatchers("/merchant/**").hasRole(Role.MERCHANT.name())
					.requestMatchers("/api/**").hasRole(Role.CONSUMER.name())
					.requestMatchers("/internal/**").hasRole(Role.SERVICE.name())
					.anyRequest().permitAll(); // nothing else is served but 404s
			})
			.oauth2ResourceServer(resourceServer -> resourceServer
				.bearerTokenResolver(new HeaderBearerTokenResolver())
				.jwt(jwt -> jwt.jwtAuthenticationConverter(rolesClaimConverter()))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

	static JwtAuthenticationConverter rolesClaimConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("roles");
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return converter;
	}

}
