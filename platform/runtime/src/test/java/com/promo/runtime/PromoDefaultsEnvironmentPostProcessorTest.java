package com.promo.runtime;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class PromoDefaultsEnvironmentPostProcessorTest {

	private StandardEnvironment environment(Map<String, Object> serviceSettings, String... profiles) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("service", serviceSettings));
		environment.setActiveProfiles(profiles);
		new PromoDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	@Test
	void defaultsApplyWhereTheServiceSaysNothing() {
		StandardEnvironment environment = environment(Map.of());

		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.kafka.producer.acks")).isEqualTo("all");
		assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
			.isEqualTo("readinessState,db,redis,kafka");
	}

	@Test
	void theServiceOverridesAnyDefault() {
		StandardEnvironment environment = environment(
				Map.of("management.endpoint.health.group.readiness.include", "readinessState"));

		assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
			.isEqualTo("readinessState");
	}

	@Test
	void theDevelopmentSecretExistsOnlyInTheLocalProfile() {
		// outside it the secret is whatever PROMO_JWT_SECRET says: nothing unless it is set
		assertThat(environment(Map.of()).getProperty("promo.security.jwt-secret")).isEmpty();
		assertThat(environment(Map.of(), "local").getProperty("promo.security.jwt-secret")).hasSizeGreaterThanOrEqualTo(32);
	}

	@Test
	void jsonLogsAreASwitch() {
		assertThat(environment(Map.of()).getProperty("logging.structured.format.console")).isNull();
		assertThat(environment(Map.of(), "json-logs").getProperty("logging.structured.format.console")).isEqualTo("ecs");
	}

}
