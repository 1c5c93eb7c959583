package com.promo.deploy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/monitoring ships the very files docker-compose mounts: every alert rule file, Alertmanager's
 * configuration and every dashboard, as ConfigMaps the API takes.
 */
class MonitoringTest {

	/** A ConfigMap holds at most 1 MiB. */
	private static final int CONFIG_MAP_LIMIT = 1024 * 1024;

	/** deploy/monitoring takes its files from infra/, outside its own directory. */
	private static List<ConfigMap> configMaps() {
		return Rendering.of("monitoring", "--load-restrictor", "LoadRestrictionsNone").all(ConfigMap.class);
	}

	@Test
	void everyAlertRuleFileIsShipped() {
		assertThat(get("promo-alert-rules").getData().keySet())
			.containsExactlyInAnyOrderElementsOf(files("infra/prometheus/rules", ".yml"));
	}

	@Test
	void alertmanagersConfigurationIsShipped() {
		assertThat(get("promo-alertmanager").getData()).containsEntry("alertmanager.yml",
				Repository.read("infra/prometheus/alertmanager.yml"));
	}

	@Test
	void everyDashboardIsShippedForGrafanasSidecar() {
		ConfigMap dashboards = get("promo-dashboards");
		assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
		assertThat(dashboards.getData().keySet())
			.containsExactlyInAnyOrderElementsOf(files("infra/grafana/dashboards", ".json"));
	}

	@Test
	void everyConfigMapFitsTheApisLimit() {
		assertThat(configMaps()).allSatisfy(config -> assertThat(config.getData().values().stream()
			.mapToInt(value -> value.getBytes(StandardCharsets.UTF_8).length)
			.sum()).as("%s's size", config.getMetadata().getName()).isLessThan(CONFIG_MAP_LIMIT));
		assertThat(configMaps()).extracting(HasMetadata::getMetadata)
			.allSatisfy(meta -> assertThat(meta.getNamespace()).isEqualTo("monitoring"));
	}

	private ConfigMap get(String name) {
		return configMaps().stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
			.orElseThrow(() -> new AssertionError("deploy/monitoring renders no ConfigMap " + name));
	}

	private static List<String> files(String directory, String suffix) {
		File[] files = Repository.path(directory).toFile().listFiles((dir, name) -> name.endsWith(suffix));
		assertThat(files).as("files in %s", directory).isNotEmpty();
		return Arrays.stream(files).map(File::getName).toList();
	}

}
