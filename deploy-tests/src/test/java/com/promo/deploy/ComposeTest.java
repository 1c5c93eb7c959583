package com.promo.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml read, not run (no Docker engine here): every application gets the variables its
 * configuration needs to reach the other servers, pointing at services of the file; published ports
 * are README's; the Redis nodes announce their own names; Kafka answers containers and the host; the
 * alert rules, Alertmanager's configuration and the dashboards are mounted where their readers look.
 */
class ComposeTest {

	private final Compose compose = Compose.read();

	@Test
	void everyApplicationGetsEveryVariableItNeedsToReachAnotherServer() {
		for (String application : Applications.NAMES) {
			String service = this.compose.applicationService(application);
			Map<String, String> environment = this.compose.environment(service);
			Map<String, String> reads = Applications.variables(application);
			for (String variable : Applications.connectionVariables(application)) {
				String value = environment.get(variable);
				assertThat(value).as("%s needs %s: its default, %s, is the container itself", service, variable,
						reads.get(variable))
					.isNotBlank();
				int databases = Integer.parseInt(environment.getOrDefault("PROMO_SHARDING_DATABASES",
						reads.getOrDefault("PROMO_SHARDING_DATABASES", "1")));
				for (int shard = 0; shard < databases; shard++) {
					for (String host : OverlaysTest.hosts(value.replace("{index}", Integer.toString(shard)))) {
						assertThat(this.compose.services()).as("%s=%s names a service of docker-compose.yml", variable, value)
							.containsKey(host);
					}
				}
			}
			assertThat(environment.keySet()).as("%s's variables are ones an application's configuration reads", service)
				.allSatisfy(variable -> assertThat(readByAny()).contains(variable));
		}
	}

	/** Every variable some application reads (a shared block of variables gives each service all of them). */
	private static Set<String> readByAny() {
		Set<String> variables = new HashSet<>(Applications.PLATFORM_VARIABLES);
		Applications.NAMES.forEach(application -> variables.addAll(Applications.variables(application).keySet()));
		return variables;
	}

	@Test
	void everyPublishedPortIsTheOneReadmeGives() {
		ReadmePorts readme = ReadmePorts.read();
		this.compose.services().keySet().forEach(service -> this.compose.publishedPorts(service).keySet()
			.forEach(port -> assertThat(readme.portsOf(service))
				.as("README's Ports table gives %s port %s (compose publishes it)", service, port)
				.contains(port)));
		for (String application : Applications.NAMES) {
			String service = this.compose.applicationService(application);
			int port = Integer.parseInt(this.compose.environment(service).get("PORT"));
			assertThat(this.compose.publishedPorts(service)).as("%s is published on the port it listens on", service)
				.containsEntry(port, port);
			assertThat(readme.portsOf(service)).as("README's port of %s", service).first().isEqualTo(port);
		}
	}

	@Test
	void theConsolesDevelopmentSignInIsNeverOn() {
		DevSignInSwitch.assertOffByDefault();
		this.compose.services().keySet()
			.forEach(service -> DevSignInSwitch.assertOff("docker-compose.yml " + service, this.compose.environment(service)));
	}

	@Test
	void everyRedisNodeAnnouncesItsOwnHostname() {
		List<String> nodes = this.compose.services().keySet().stream()
			.filter(service -> this.compose.command(service).stream().anyMatch(word -> word.contains("--cluster-enabled")))
			.toList();
		assertThat(nodes).hasSize(6);
		for (String node : nodes) {
			String hostname = String.valueOf(this.compose.service(node).get("hostname"));
			assertThat(hostname).as("%s's hostname is its service name (the others resolve it)", node).isEqualTo(node);
			List<String> command = this.compose.command(node);
			String announced;
			if (command.size() == 3 && List.of("sh", "bash").contains(command.get(0)) && command.get(1).equals("-c")) {
				// a shell expands HOSTNAME, which Docker sets to the container's hostname
				announced = argument(command.get(2).replace("\"$HOSTNAME\"", hostname)
					.replace("\"${HOSTNAME}\"", hostname).replace("${HOSTNAME}", hostname).replace("$HOSTNAME", hostname)
					.split("\\s+"));
			}
			else {
				announced = argument(command.toArray(String[]::new));
			}
			assertThat(announced).as("%s's --cluster-announce-hostname as redis-server receives it", node)
				.isEqualTo(hostname);
		}
	}

	private static String argument(String[] words) {
		int at = Arrays.asList(words).indexOf("--cluster-announce-hostname");
		assertThat(at).as("--cluster-announce-hostname in %s", Arrays.toString(words)).isNotNegative();
		return words[at + 1];
	}

	@Test
	void kafkaAdvertisesAListenerToContainersAndOneToTheHost() {
		String kafka = "kafka";
		Map<String, String> environment = this.compose.environment(kafka);
		Map<String, Integer> listening = listeners(environment.get("KAFKA_LISTENERS"));
		Map<String, String> advertised = Arrays.stream(environment.get("KAFKA_ADVERTISED_LISTENERS").split(","))
			.map(listener -> listener.split("://"))
			.collect(Collectors.toMap(parts -> parts[0], parts -> parts[1]));

		String bootstrap = this.compose.environment(this.compose.applicationService("claim-service"))
			.get("PROMO_KAFKA_BOOTSTRAP_SERVERS");
		assertThat(advertised).as("a listener advertises what the containers bootstrap from").containsValue(bootstrap);
		String internal = advertised.entrySet().stream().filter(e -> e.getValue().equals(bootstrap)).findFirst()
			.orElseThrow().getKey();
		assertThat(listening.get(internal)).isEqualTo(port(bootstrap));

		Map<Integer, Integer> published = this.compose.publishedPorts(kafka);
		List<Map.Entry<String, String>> forTheHost = advertised.entrySet().stream()
			.filter(e -> e.getValue().startsWith("localhost:") || e.getValue().startsWith("127.0.0.1:"))
			.toList();
		assertThat(forTheHost).as("a listener advertises an address the host reaches").hasSize(1);
		int hostPort = port(forTheHost.get(0).getValue());
		assertThat(published).as("the host's listener is published on the port it advertises")
			.containsEntry(hostPort, listening.get(forTheHost.get(0).getKey()));
		assertThat(ReadmePorts.read().portsOf(kafka)).contains(hostPort);
	}

	private static Map<String, Integer> listeners(String declared) {
		return Arrays.stream(declared.split(",")).map(listener -> listener.split("://"))
			.collect(Collectors.toMap(parts -> parts[0], parts -> port(parts[1])));
	}

	private static int port(String address) {
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	@Test
	void alertRulesAlertmanagerAndDashboardsAreMountedWhereTheirReadersLook() {
		Map<String, String> prometheus = this.compose.mounts("prometheus");
		for (String rules : ruleFiles()) {
			String container = "/etc/prometheus/" + rules;
			String host = hostPath(prometheus, container);
			Path dir = Repository.path(host).getParent();
			assertThat(dir).as("Prometheus's %s is %s on the host", container, host).isDirectory();
			assertThat(dir.toFile().list((d, file) -> file.endsWith(".yml"))).as("rule files in %s", dir).isNotEmpty();
		}
		if (Files.exists(Repository.path("infra/prometheus/alertmanager.yml"))) {
			assertThat(this.compose.mounts("alertmanager"))
				.containsEntry("infra/prometheus/alertmanager.yml", "/etc/alertmanager/alertmanager.yml");
			int port = this.compose.publishedPorts("alertmanager").values().iterator().next();
			assertThat(alertmanagerTargets()).as("docker-compose's prometheus.yml sends its alerts to the alertmanager service")
				.containsExactly("alertmanager:" + port);
		}
		String dashboards = dashboardsPath();
		String host = hostPath(this.compose.mounts("grafana"), dashboards);
		assertThat(Repository.path(host).toFile().list((d, file) -> file.endsWith(".json")))
			.as("dashboards at %s (%s)", dashboards, host)
			.isNotEmpty();
		this.compose.services().keySet().forEach(service -> this.compose.mounts(service).keySet()
			.forEach(path -> assertThat(Repository.path(path)).as("%s mounts %s", service, path).exists()));
	}

	/** The host path a container path comes from, through the bind mount that covers it. */
	private static String hostPath(Map<String, String> mounts, String container) {
		return mounts.entrySet().stream().filter(m -> container.equals(m.getValue()) || container.startsWith(m.getValue() + "/"))
			.map(m -> m.getKey() + container.substring(m.getValue().length()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("nothing is mounted at " + container + " (mounts: " + mounts + ")"));
	}

	@SuppressWarnings("unchecked")
	private static List<String> ruleFiles() {
		Map<String, Object> config = new Yaml().load(Repository.read("infra/prometheus/prometheus.yml"));
		List<String> rules = (List<String>) config.get("rule_files");
		assertThat(rules).as("prometheus.yml names its alert rules").isNotEmpty();
		return rules;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> alertmanagerTargets() {
		Map<String, Object> config = new Yaml().load(Repository.read("infra/prometheus/prometheus.yml"));
		if (!(config.get("alerting") instanceof Map<?, ?> alerting)) {
			return List.of();
		}
		return ((List<Map<String, Object>>) alerting.get("alertmanagers")).stream()
			.flatMap(manager -> ((List<Map<String, Object>>) manager.get("static_configs")).stream())
			.flatMap(targets -> ((List<Object>) targets.get("targets")).stream())
			.toList();
	}

	@SuppressWarnings("unchecked")
	static String dashboardsPath() {
		Map<String, Object> provider = new Yaml()
			.load(Repository.read("infra/grafana/provisioning/dashboards/promo.yml"));
		var providers = (List<Map<String, Object>>) provider.get("providers");
		return (String) ((Map<String, Object>) providers.get(0).get("options")).get("path");
	}

}
