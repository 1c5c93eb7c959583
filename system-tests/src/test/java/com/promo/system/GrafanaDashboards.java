package com.promo.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL of the Grafana dashboards under {@code infra/grafana/dashboards}: every panel target
 * (rows' collapsed panels included) and every query variable, with Grafana's variables replaced by
 * values Prometheus can evaluate, as Grafana would before sending them.
 */
final class GrafanaDashboards {

	/**
	 * Grafana's built-in interval variables, as Grafana would fill them for the last hour with a
	 * 1 s scrape interval (the test's Prometheus).
	 */
	static final Map<String, String> BUILT_IN = Map.of("__rate_interval", "30s", "__interval", "15s", "__range", "1h",
			"__range_s", "3600", "__interval_ms", "15000");

	/** $name, ${name} and ${name:format}; $1 (a label_replace group) is not a variable. */
	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_]\\w*)(?::[^}]*)?}|\\$([A-Za-z_]\\w*)");

	/** label_values(selector, label): a Grafana query variable, not PromQL. */
	private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*$",
			Pattern.DOTALL);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One query of a dashboard: a panel's target or a variable's query. */
	record Query(String dashboard, String panel, String datasource, String raw, String promql) {
	}

	/** A dashboard file read whole: its title, uid and queries. */
	record Dashboard(Path file, String title, String uid, List<Query> queries, List<String> panelsWithoutQueries) {
	}

	private GrafanaDashboards() {
	}

	static List<Dashboard> read(Path directory) throws IOException {
		List<Dashboard> dashboards = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
				dashboards.add(read(file, JSON.readTree(file.toFile())));
			}
		}
		return dashboards;
	}

	private static Dashboard read(Path file, JsonNode root) {
		String title = root.path("title").asString();
		List<String> variables = new ArrayList<>();
		List<Query> queries = new ArrayList<>();
		for (JsonNode variable : root.path("templating").path("list")) {
			variables.add(variable.path("name").asString());
		}
		for (JsonNode variable : root.path("templating").path("list")) {
			if (variable.path("type").asString().equals("query")) {
				JsonNode query = variable.path("query");
				String raw = query.isObject() ? query.path("query").asString() : query.asString();
				queries.add(new Query(title, "variable $" + variable.path("name").asString(),
						variable.path("datasource").path("uid").asString(), raw, substitute(variableQuery(raw), variables)));
			}
		}
		List<String> withoutQueries = new ArrayList<>();
		panels(root.path("panels"), variables, title, queries, withoutQueries);
		return new Dashboard(file, title, root.path("uid").asString(), queries, withoutQueries);
	}

	private static void panels(JsonNode panels, List<String> variables, String dashboard, List<Query> queries,
			List<String> withoutQueries) {
		for (JsonNode panel : panels) {
			String type = panel.path("type").asString();
			if (type.equals("row")) {
				panels(panel.path("panels"), variables, dashboard, queries, withoutQueries);
				continue;
			}
			if (type.equals("text")) {
				continue;
			}
			String title = panel.path("title").asString();
			if (panel.path("targets").isEmpty()) {
				withoutQueries.add(title);
			}
			for (JsonNode target : panel.path("targets")) {
				String raw = target.path("expr").asString();
				String datasource = target.path("datasource").path("uid").asString(panel.path("datasource").path("uid").asString());
				queries.add(new Query(dashboard, title + " [" + target.path("refId").asString() + "]", datasource, raw,
						substitute(raw, variables)));
			}
		}
	}

	/** A label_values(selector, label) variable as the PromQL that lists the label's values. */
	static String variableQuery(String raw) {
		Matcher labelValues = LABEL_VALUES.matcher(raw);
		if (labelValues.matches()) {
			return "count by (" + labelValues.group(2) + ") (" + labelValues.group(1) + ")";
		}
		return raw;
	}

	/**
	 * Replaces the built-in interval variables by their values and the dashboard's own variables by
	 * {@code .*} (they stand in regex matchers: "all"); an unknown variable is left in place, where
	 * Prometheus refuses it.
	 */
	static String substitute(String expression, List<String> variables) {
		Matcher variable = VARIABLE.matcher(expression);
		StringBuilder out = new StringBuilder();
		while (variable.find()) {
			String name = variable.group(1) != null ? variable.group(1) : variable.group(2);
			String value = BUILT_IN.containsKey(name) ? BUILT_IN.get(name) : variables.contains(name) ? ".*" : variable.group();
			variable.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		variable.appendTail(out);
		return out.toString();
	}

}
