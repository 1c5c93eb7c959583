package com.promo.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/** The budgets are bound and validated at start-up: a bad one stops the gateway, saying which and why. */
class RateLimitPropertiesTest {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RateLimitProperties.class)
	static class Bound {

	}

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Bound.class)
		.withPropertyValues("promo.gateway.rate-limit.writes.capacity=60", "promo.gateway.rate-limit.writes.period=1m",
				"promo.gateway.rate-limit.anonymous-reads.capacity=300",
				"promo.gateway.rate-limit.anonymous-reads.period=1m",
				"promo.gateway.rate-limit.routes.claims.path=/api/coupon-templates/*/claims",
				"promo.gateway.rate-limit.routes.claims.capacity=10", "promo.gateway.rate-limit.routes.claims.period=1m");

	@Test
	void aRouteCountsWritesUnlessToldOtherwise() {
		this.runner.run(context -> {
			RateLimitProperties properties = context.getBean(RateLimitProperties.class);
			assertThat(properties.routes().get("claims").methods()).isEqualTo(EdgeLimits.WRITES);
			assertThat(properties.namespace()).isEqualTo("gateway");
		});
	}

	@Test
	void theMethodsOfARouteAreBound() {
		this.runner.withPropertyValues("promo.gateway.rate-limit.routes.claims.methods=POST,GET").run(context -> {
			assertThat(context.getBean(RateLimitProperties.class).routes().get("claims").methods())
				.containsExactlyInAnyOrder(HttpMethod.POST, HttpMethod.GET);
		});
	}

	@Test
	void aCapacityBelowOneFailsStartUp() {
		assertStartUpFails("promo.gateway.rate-limit.routes.claims.capacity=0", "routes[claims].capacity",
				"must be greater than or equal to 1");
	}

	@Test
	void aZeroPeriodFailsStartUp() {
		assertStartUpFails("promo.gateway.rate-limit.writes.period=0s", "writes.period");
	}

	@Test
	void aMissingBudgetFailsStartUp() {
		assertStartUpFails(new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(Bound.class), "'writes'", "must not be null");
	}

	@Test
	void aRouteOutsideApiFailsStartUp() {
		assertStartUpFails("promo.gateway.rate-limit.routes.claims.path=/merchant/**", "routes[claims].path",
				"must be a path pattern under /api/");
	}

	@Test
	void aMalformedPathPatternFailsStartUp() {
		assertStartUpFails("promo.gateway.rate-limit.routes.claims.path=/api/{id", "/api/{id");
	}

	void assertStartUpFails(String property, String... messageParts) {
		assertStartUpFails(this.runner.withPropertyValues(property), messageParts);
	}

	static void assertStartUpFails(ApplicationContextRunner runner, String... messageParts) {
		runner.run(context -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			StringBuilder messages = new StringBuilder();
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				messages.append(cause.getMessage()).append('\n');
			}
			assertThat(messages.toString()).contains(messageParts);
		});
	}

}
