package com.promo.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code promo-service-defaults.yml} as the lowest-precedence property source, so every
 * service shares one set of defaults (actuator, health groups, infrastructure addresses, Kafka
 * producer safety) and overrides any of them in its own configuration. Documents activated by a
 * profile ({@code local}, {@code json-logs}) apply only when that profile is active.
 */
public class PromoDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String RESOURCE = "promo-service-defaults.yml";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		List<String> activeProfiles = List.of(environment.getActiveProfiles());
		try {
			List<PropertySource<?>> documents = new YamlPropertySourceLoader().load(RESOURCE,
					new ClassPathResource(RESOURCE));
			// later documents (profile sections) win over earlier ones, as in application.yml
			for (int i = documents.size() - 1; i >= 0; i--) {
				PropertySource<?> document = documents.get(i);
				String profile = (String) document.getProperty("spring.config.activate.on-profile");
				if (profile == null || activeProfiles.contains(profile)) {
					environment.getPropertySources().addLast(document);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
