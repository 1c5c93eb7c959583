package com.promo.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard files must hold before any Prometheus is asked (DashboardQueriesIT asks one):
 * every panel queries the dashboard's data source variable, names only variables the dashboard
 * defines, and hides no missing metric behind {@code or vector(...)}.
 */
class GrafanaDashboardsTest {

	static final Path DASHBOARDS = Path.of(System.getProperty("promo.root", "..")).resolve("infra/grafana/dashboards");

	/** "or vector(0)", "or on() vector(0)": a missing metric would read as zero, and no check could tell. */
	static final Pattern OR_VECTOR = Pattern.compile("\\bor\\s+(on\\s*\\([^)]*\\)\\s*)?vector\\s*\\(");

	@Test
	void everyPanelOfEveryDashboardQueriesPrometheusThroughTheDataSourceVariable() throws Exception {
		List<GrafanaDashboards.Dashboard> dashboards = GrafanaDashboards.read(DASHBOARDS);
		assertThat(dashboards).isNotEmpty();
		assertThat(dashboards).extracting(GrafanaDashboards.Dashboard::uid).doesNotHaveDuplicates().doesNotContain("");
		assertThat(dashboards).extracting(GrafanaDashboards.Dashboard::title).doesNotHaveDuplicates();
		for (GrafanaDashboards.Dashboard dashboard : dashboards) {
			assertThat(dashboard.panelsWithoutQueries()).as("%s: panels without a query", dashboard.file()).isEmpty();
			assertThat(dashboard.queries()).as(dashboard.file().toString()).isNotEmpty().allSatisfy(query -> {
				String where = dashboard.title() + " / " + query.panel() + ": " + query.raw();
				assertThat(query.datasource()).as(where).isEqualTo("${datasource}");
				assertThat(query.promql()).as(where).doesNotContainPattern("\\$\\{?[A-Za-z_]").isNotBlank();
				assertThat(OR_VECTOR.matcher(query.promql()).find()).as("%s hides a missing metric", where).isFalse();
			});
			assertThat(Files.readString(dashboard.file())).as(dashboard.file().toString())
				.contains("\"type\": \"datasource\"", "\"query\": \"prometheus\"");
		}
	}

	@Test
	void variablesAreReplacedAsGrafanaWouldAndUnknownOnesAreLeftForPrometheusToRefuse() {
		assertThat(GrafanaDashboards.substitute(
				"rate(x{a=~\"$application\", i=~\"${instance:regex}\"}[$__rate_interval]) + label_replace(y, \"d\", \"$1\", \"s\", \"(.*)\") + $other",
				List.of("application", "instance")))
			.isEqualTo("rate(x{a=~\".*\", i=~\".*\"}[30s]) + label_replace(y, \"d\", \"$1\", \"s\", \"(.*)\") + $other");
		assertThat(GrafanaDashboards.variableQuery("label_values(jvm_info{application=~\"$application\"}, instance)"))
			.isEqualTo("count by (instance) (jvm_info{application=~\"$application\"})");
		assertThat(OR_VECTOR.matcher("sum(x) or on() vector(0)").find()).isTrue();
		assertThat(OR_VECTOR.matcher("sum(x) or vector(0)").find()).isTrue();
		assertThat(OR_VECTOR.matcher("sum(vector_like) or sum(y)").find()).isFalse();
	}

}
