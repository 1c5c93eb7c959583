package com.promo.system;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules of {@code infra/prometheus} (README "Prometheus and alerts"): promtool checks the
 * rules and both Prometheus configurations and runs the rules' unit tests
 * ({@code infra/prometheus/tests}); every alert has a severity, a runbook entry in the README that
 * its {@code runbook_url} names, and unit tests in which it fires and in which it does not.
 * promtool comes with Debian's {@code prometheus}, which {@code ./promo test} installs when missing;
 * without it this test fails, it never skips.
 */
class PrometheusRulesTest {

	private static final Path ROOT = Path.of(System.getProperty("promo.root", "..")).toAbsolutePath().normalize();

	private static final Path PROMETHEUS = ROOT.resolve("infra/prometheus");

	private static final Pattern ALERT = Pattern.compile("^\\s*- alert: (\\S+)\\s*$", Pattern.MULTILINE);

	@Test
	void promtoolChecksTheRulesAndTheConfigurations() throws Exception {
		List<String> command = new ArrayList<>(List.of(promtool(), "check", "rules"));
		command.addAll(files("rules"));
		promtool(command);
		promtool(List.of(promtool(), "check", "config", PROMETHEUS.resolve("prometheus.local.yml").toString()));
		promtool(List.of(promtool(), "check", "config", PROMETHEUS.resolve("prometheus.yml").toString()));
	}

	@Test
	void theRulesPassTheirUnitTests() throws Exception {
		List<String> command = new ArrayList<>(List.of(promtool(), "test", "rules"));
		command.addAll(files("tests"));
		promtool(command);
	}

	@Test
	void everyAlertHasASeverityAndARunbookEntryInTheReadme() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"));
		Map<String, String> alerts = alerts();
		assertThat(alerts).as("alerts in infra/prometheus/rules").hasSizeGreaterThanOrEqualTo(15);
		alerts.forEach((alert, rule) -> {
			assertThat(rule).as("%s's severity", alert).containsPattern("severity: (page|ticket)\\b");
			Matcher runbook = Pattern.compile("runbook_url: \"README\\.md#([a-z0-9-]+)\"").matcher(rule);
			assertThat(runbook.find()).as("%s has a runbook_url into the README", alert).isTrue();
			// GitHub's anchor of a heading: lower case, spaces as hyphens
			assertThat(runbook.group(1)).as("%s's anchor", alert).isEqualTo(alert.toLowerCase());
			assertThat(readme).as("README's runbook entry for %s", alert).contains("\n#### " + alert + "\n");
		});
	}

	@Test
	void everyAlertHasUnitTestsWhereItFiresAndWhereItDoesNot() throws IOException {
		StringBuilder tests = new StringBuilder();
		for (String file : files("tests")) {
			tests.append(Files.readString(Path.of(file))).append('\n');
		}
		for (String alert : alerts().keySet()) {
			Pattern firing = Pattern.compile("alertname: " + alert + "\\s*\\n\\s*exp_alerts:\\s*\\n\\s*- exp_labels");
			Pattern quiet = Pattern.compile("alertname: " + alert + "\\s*\\n\\s*exp_alerts: \\[\\]");
			assertThat(firing.matcher(tests).find()).as("a unit test in which %s fires", alert).isTrue();
			assertThat(quiet.matcher(tests).find()).as("a unit test in which %s does not fire", alert).isTrue();
		}
	}

	/** Each alert's name and its rule's text (up to the next rule). */
	private static Map<String, String> alerts() throws IOException {
		Map<String, String> alerts = new LinkedHashMap<>();
		for (String file : files("rules")) {
			String text = Files.readString(Path.of(file));
			Matcher alert = ALERT.matcher(text);
			List<Integer> starts = new ArrayList<>();
			List<String> names = new ArrayList<>();
			while (alert.find()) {
				starts.add(alert.start());
				names.add(alert.group(1));
			}
			for (int i = 0; i < names.size(); i++) {
				int end = (i + 1 < names.size()) ? starts.get(i + 1) : text.length();
				String rule = text.substring(starts.get(i), end);
				int nextRecord = rule.indexOf("- record:");
				alerts.put(names.get(i), (nextRecord < 0) ? rule : rule.substring(0, nextRecord));
			}
		}
		return alerts;
	}

	private static List<String> files(String folder) throws IOException {
		try (Stream<Path> files = Files.list(PROMETHEUS.resolve(folder))) {
			List<String> found = files.filter((file) -> file.toString().endsWith(".yml")).map(Path::toString).sorted().toList();
			assertThat(found).as("YAML files in infra/prometheus/%s", folder).isNotEmpty();
			return found;
		}
	}

	private static void promtool(List<String> command) throws Exception {
		Path output = Files.createTempFile("promtool", ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.directory(ROOT.toFile())
				.start();
			assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished within 5 minutes", command).isTrue();
			assertThat(process.exitValue()).as("%s answered:%n%s", String.join(" ", command),
					Files.readString(output, StandardCharsets.UTF_8))
				.isZero();
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	/** {@code PROMO_PROMTOOL} or {@code promtool} on the PATH; missing, the test fails with what to do. */
	private static String promtool() {
		String configured = System.getenv("PROMO_PROMTOOL");
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
			.map((directory) -> Path.of(directory, "promtool"))
			.filter(Files::isExecutable)
			.findFirst();
		return found.orElseThrow(() -> new AssertionError("""
				no 'promtool' on the PATH: the alert rules' unit tests need it. ./promo test installs Debian's \
				prometheus package (promtool comes with it) when missing; by hand: apt-get install prometheus \
				(or set PROMO_PROMTOOL to a promtool binary)""")).toString();
	}

}
