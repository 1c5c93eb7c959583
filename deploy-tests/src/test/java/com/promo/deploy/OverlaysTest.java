package com.promo.deploy;

import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Both overlays rendered, every object read strictly into the API's types, and the rules held. */
class OverlaysTest {

	/** The Secrets the applications reference: generated in overlays/local, created by hand in production. */
	static final Set<String> SECRETS = Set.of("promo-database", "promo-jwt", "promo-flash-sale");

	private static final Set<String> SECRET_VARIABLES = Set.of("PROMO_DB_USER", "PROMO_DB_PASSWORD",
			"PROMO_JWT_SECRET", "PROMO_SERVICE_JWT_SECRET", "PROMO_FLASH_SALE_TOKEN_SECRETS");

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void rendersExactlyTheSixApplicationsAndNoOtherWorkload(String overlay) {
		Rendering rendering = Rendering.of(overlay);
		assertThat(rendering.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
			.containsExactlyInAnyOrderElementsOf(Applications.NAMES);
		assertThat(rendering.objects()).allSatisfy(object -> assertThat(object.getMetadata().getNamespace())
			.as("%s %s's namespace", object.getKind(), object.getMetadata().getName())
			.isNotBlank());
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void everyApplicationHasItsServiceDisruptionBudgetAndNetworkPolicyOnItsPods(String overlay) {
		Rendering rendering = Rendering.of(overlay);
		for (String application : Applications.NAMES) {
			Deployment deployment = rendering.deployment(application);
			Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
			assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
			Set<String> portNames = Rendering.container(deployment).getPorts().stream().map(ContainerPort::getName)
				.collect(Collectors.toSet());

			Service service = rendering.get(Service.class, application);
			assertThat(podLabels).as("%s's Service selects its pods", application)
				.containsAllEntriesOf(service.getSpec().getSelector());
			assertThat(service.getSpec().getPorts()).allSatisfy(port -> assertThat(portNames)
				.as("%s's Service port %s targets a named container port", application, port.getName())
				.contains(port.getTargetPort().getStrVal()));

			PodDisruptionBudget budget = rendering.get(PodDisruptionBudget.class, application);
			assertThat(podLabels).as("%s's PodDisruptionBudget selects its pods", application)
				.containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
			assertThat(budget.getSpec().getMaxUnavailable() != null || budget.getSpec().getMinAvailable() != null)
				.as("%s's PodDisruptionBudget sets a bound", application)
				.isTrue();

			NetworkPolicy policy = rendering.get(NetworkPolicy.class, application);
			assertThat(podLabels).as("%s's NetworkPolicy applies to its pods", application)
				.containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
			assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
			assertThat(policy.getSpec().getIngress()).isNotEmpty().allSatisfy(rule -> {
				assertThat(rule.getFrom()).as("%s admits named sources only", application).isNotEmpty();
				assertThat(rule.getPorts()).isNotEmpty().allSatisfy(port -> assertThat(portNames)
					.contains(port.getPort().getStrVal()));
			});
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void networkPoliciesAdmitOnlyThePlatformItsUpstreamsMonitoringAndTheIngress(String overlay) {
		for (NetworkPolicy policy : Rendering.of(overlay).all(NetworkPolicy.class)) {
			for (var rule : policy.getSpec().getIngress()) {
				for (NetworkPolicyPeer peer : rule.getFrom()) {
					assertThat(peer.getIpBlock()).as("%s admits no address ranges", policy.getMetadata().getName())
						.isNull();
					if (peer.getNamespaceSelector() != null) {
						assertThat(peer.getPodSelector()).isNull();
						assertThat(peer.getNamespaceSelector().getMatchLabels()).hasSize(1)
							.satisfiesAnyOf(labels -> assertThat(labels).containsKey("promo.dev/upstream"),
									labels -> assertThat(labels).containsEntry("promo.dev/monitoring", "true"),
									labels -> assertThat(labels).containsEntry("promo.dev/ingress", "true"));
					}
					else {
						assertThat(peer.getPodSelector().getMatchLabels())
							.isEqualTo(Map.of("app.kubernetes.io/part-of", "promo-platform"));
					}
				}
			}
		}
		assertThat(Rendering.of(overlay).get(NetworkPolicy.class, "gateway").getSpec().getIngress())
			.as("only the ingress controller reaches the gateway's public port, only Prometheus its management port")
			.flatExtracting(rule -> rule.getFrom())
			.allSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNotNull());
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void theGatewayAndTheTwoHotPathsAutoscaleAndNothingElse(String overlay) {
		Rendering rendering = Rendering.of(overlay);
		List<HorizontalPodAutoscaler> autoscalers = rendering.all(HorizontalPodAutoscaler.class);
		assertThat(autoscalers).extracting(hpa -> hpa.getMetadata().getName())
			.containsExactlyInAnyOrderElementsOf(Applications.AUTOSCALED);
		for (HorizontalPodAutoscaler hpa : autoscalers) {
			var target = hpa.getSpec().getScaleTargetRef();
			assertThat(target.getApiVersion() + "/" + target.getKind()).isEqualTo("apps/v1/Deployment");
			Deployment deployment = rendering.deployment(target.getName());
			assertThat(deployment.getSpec().getReplicas())
				.as("%s's replicas are its HorizontalPodAutoscaler's (a fixed count would fight it on every apply)",
						target.getName())
				.isNull();
			assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
			assertThat(hpa.getSpec().getMetrics()).isNotEmpty().allSatisfy(metric -> {
				assertThat(metric.getType()).isEqualTo("Resource");
				assertThat(Rendering.container(deployment).getResources().getRequests())
					.as("a utilization target needs the %s request of %s", metric.getResource().getName(),
							target.getName())
					.containsKey(metric.getResource().getName());
			});
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void everyDeploymentProbesItsHealthGroupsOnAPortItServes(String overlay) {
		Rendering rendering = Rendering.of(overlay);
		for (String application : Applications.NAMES) {
			Deployment deployment = rendering.deployment(application);
			Container container = Rendering.container(deployment);
			boolean gateway = application.equals("gateway");
			// the gateway's actuator answers on its management port only: the groups are /livez and /readyz
			String liveness = gateway ? "/livez" : "/actuator/health/liveness";
			String readiness = gateway ? "/readyz" : "/actuator/health/readiness";
			assertProbe(application, "startup", container.getStartupProbe(), liveness);
			assertProbe(application, "liveness", container.getLivenessProbe(), liveness);
			assertProbe(application, "readiness", container.getReadinessProbe(), readiness);

			Map<String, String> environment = rendering.environment(deployment);
			assertThat(port(container, "http")).as("%s listens where PORT says", application)
				.isEqualTo(Integer.valueOf(environment.get("PORT")));
			String metricsPort = gateway ? environment.get("PROMO_GATEWAY_MANAGEMENT_PORT") : environment.get("PORT");
			if (gateway) {
				assertThat(port(container, "management")).isEqualTo(Integer.valueOf(metricsPort));
			}
			assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
				.as("%s is scraped where its /actuator/prometheus answers", application)
				.containsEntry("prometheus.io/scrape", "true")
				.containsEntry("prometheus.io/path", "/actuator/prometheus")
				.containsEntry("prometheus.io/port", metricsPort);
		}
	}

	private static void assertProbe(String application, String kind, Probe probe, String path) {
		assertThat(probe).as("%s's %s probe", application, kind).isNotNull();
		assertThat(probe.getHttpGet()).as("%s's %s probe asks over HTTP", application, kind).isNotNull();
		assertThat(probe.getHttpGet().getPath()).as("%s's %s probe", application, kind).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).as("%s's %s probe port", application, kind)
			.isEqualTo("http");
	}

	private static Integer port(Container container, String name) {
		return container.getPorts().stream().filter(port -> name.equals(port.getName())).findFirst()
			.map(ContainerPort::getContainerPort)
			.orElseThrow(() -> new AssertionError(container.getImage() + " has no port named " + name));
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void everyContainerRequestsAndLimitsCpuAndMemory(String overlay) {
		for (Deployment deployment : Rendering.of(overlay).all(Deployment.class)) {
			var resources = Rendering.container(deployment).getResources();
			for (String resource : List.of("cpu", "memory")) {
				Quantity request = resources.getRequests().get(resource);
				Quantity limit = resources.getLimits().get(resource);
				assertThat(request).as("%s's %s request", deployment.getMetadata().getName(), resource).isNotNull();
				assertThat(limit).as("%s's %s limit", deployment.getMetadata().getName(), resource).isNotNull();
				assertThat(request.getNumericalAmount())
					.as("%s's %s request within its limit", deployment.getMetadata().getName(), resource)
					.isLessThanOrEqualTo(limit.getNumericalAmount());
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void everyVariableIsOneTheApplicationReadsAndEveryConnectionIsSet(String overlay) {
		Rendering rendering = Rendering.of(overlay);
		Set<String> readByAny = new HashSet<>(Applications.PLATFORM_VARIABLES);
		Set<String> serviceNames = rendering.all(Service.class).stream().map(s -> s.getMetadata().getName())
			.collect(Collectors.toSet());
		for (String application : Applications.NAMES) {
			Set<String> reads = new HashSet<>(Applications.variables(application).keySet());
			reads.addAll(Applications.PLATFORM_VARIABLES);
			readByAny.addAll(reads);
			Deployment deployment = rendering.deployment(application);
			assertThat(Rendering.container(deployment).getEnv()).extracting(EnvVar::getName)
				.as("%s's variables are ones its configuration reads", application)
				.allSatisfy(name -> assertThat(reads).contains(name));

			Map<String, String> environment = rendering.environment(deployment);
			for (String variable : Applications.connectionVariables(application)) {
				String value = environment.get(variable);
				assertThat(value).as("%s needs %s (its default is this machine)", application, variable).isNotBlank();
				assertThat(Applications.pointsAtLoopback(value)).as("%s=%s", variable, value).isFalse();
				for (String host : hosts(value)) {
					assertThat(serviceNames).as("%s's %s names a Service of the rendering", application, variable)
						.contains(host);
				}
			}
		}
		for (ConfigMap config : rendering.all(ConfigMap.class)) {
			assertThat(config.getData().keySet()).as("ConfigMap %s holds variables an application reads",
					config.getMetadata().getName())
				.allSatisfy(key -> assertThat(readByAny).contains(key));
		}
	}

	/** The hosts a connection setting names: URLs, JDBC URLs (a template's {index} as shard 0), host:port lists. */
	static List<String> hosts(String value) {
		return Arrays.stream(value.split(",")).map(String::trim).map(entry -> {
			String target = entry.replace("{index}", "0");
			if (target.startsWith("jdbc:")) {
				target = target.substring("jdbc:".length());
			}
			return target.contains("://") ? URI.create(target).getHost() : target.substring(0, target.lastIndexOf(':'));
		}).toList();
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void credentialsAndKeysComeFromSecretsOnly(String overlay) {
		Rendering rendering = Rendering.of(overlay);
		for (Deployment deployment : rendering.all(Deployment.class)) {
			for (EnvVar variable : Rendering.container(deployment).getEnv()) {
				if (SECRET_VARIABLES.contains(variable.getName())) {
					assertThat(variable.getValue()).as("%s of %s", variable.getName(), deployment.getMetadata().getName())
						.isNull();
					String secret = variable.getValueFrom().getSecretKeyRef().getName();
					// a generated Secret's name ends in its content's hash
					assertThat(SECRETS).as("%s comes from %s", variable.getName(), secret)
						.anySatisfy(name -> assertThat(secret).matches(name + "(-[a-z0-9]{10})?"));
				}
			}
		}
		for (ConfigMap config : rendering.all(ConfigMap.class)) {
			assertThat(config.getData().keySet()).as("ConfigMap %s", config.getMetadata().getName())
				.doesNotContainAnyElementsOf(SECRET_VARIABLES);
		}
		assertThat(rendering.deployment("gateway").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
			.extracting(EnvVar::getName)
			.as("the gateway holds no database pool and gets no database credentials")
			.doesNotContain("PROMO_DB_USER", "PROMO_DB_PASSWORD");
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void theConsolesDevelopmentSignInIsNeverOn(String overlay) {
		Rendering rendering = Rendering.of(overlay);
		DevSignInSwitch.assertOffByDefault();
		rendering.all(Deployment.class).forEach(deployment -> DevSignInSwitch
			.assertOff(overlay + " " + deployment.getMetadata().getName(), rendering.environment(deployment)));
		rendering.all(ConfigMap.class).forEach(config -> DevSignInSwitch
			.assertOff(overlay + " ConfigMap " + config.getMetadata().getName(), config.getData()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "overlays/local", "overlays/production" })
	void imagesAreTheApplicationsOwnWithAPinnedTag(String overlay) {
		for (Deployment deployment : Rendering.of(overlay).all(Deployment.class)) {
			String image = Rendering.container(deployment).getImage();
			String name = deployment.getMetadata().getName();
			assertThat(image).as("%s's image", name).matches(".*/" + name + ":[^:/]+").doesNotEndWith(":latest");
		}
	}

	@Test
	void productionCommitsNoSecretAndTakesTheSecretsTheReadmeNames() {
		Rendering production = Rendering.of("overlays/production");
		assertThat(production.all(Secret.class)).as("production Secrets are created in the cluster, not committed")
			.isEmpty();
		assertThat(referencedSecrets(production)).containsExactlyInAnyOrderElementsOf(SECRETS);
		String readme = Repository.read("README.md");
		assertThat(SECRETS).as("Secrets README names (production creates them)")
			.allSatisfy(secret -> assertThat(readme.contains("`" + secret + "`")).as(secret).isTrue());
	}

	@Test
	void productionSpreadsEachApplicationOverNodesAndZones() {
		for (Deployment deployment : Rendering.of("overlays/production").all(Deployment.class)) {
			assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
				.as("%s's spread", deployment.getMetadata().getName())
				.extracting(constraint -> constraint.getTopologyKey())
				.containsExactlyInAnyOrder("kubernetes.io/hostname", "topology.kubernetes.io/zone");
		}
	}

	@Test
	void theLocalOverlayGeneratesEverySecretItReferences() {
		Rendering local = Rendering.of("overlays/local");
		Set<String> generated = local.all(Secret.class).stream().map(s -> s.getMetadata().getName())
			.collect(Collectors.toSet());
		assertThat(generated).containsAll(referencedSecrets(local));
	}

	private static Set<String> referencedSecrets(Rendering rendering) {
		return rendering.all(Deployment.class).stream()
			.flatMap(d -> Rendering.container(d).getEnv().stream())
			.filter(v -> v.getValueFrom() != null)
			.map(v -> v.getValueFrom().getSecretKeyRef().getName())
			.collect(Collectors.toCollection(TreeSet::new));
	}

	@Test
	void productionRunsTheEightByEightShardLayoutOnExternalServicesWithOperators() {
		Rendering production = Rendering.of("overlays/production");
		for (String application : List.of("coupon-service", "crowd-sync-service")) {
			Map<String, String> environment = production.environment(production.deployment(application));
			assertThat(environment).containsEntry("PROMO_SHARDING_DATABASES", "8")
				.containsEntry("PROMO_SHARDING_TABLES_PER_DATABASE", "8");
		}
		List<Service> external = production.all(Service.class).stream()
			.filter(s -> "ExternalName".equals(s.getSpec().getType()))
			.toList();
		assertThat(external).extracting(s -> s.getMetadata().getName())
			.contains("promo-mysql-main", "promo-redis", "promo-kafka")
			.contains(IntStream.range(0, 8).mapToObj(i -> "promo-mysql-shard-" + i).toArray(String[]::new));
		assertThat(external).allSatisfy(s -> assertThat(s.getSpec().getExternalName())
			.as("%s points at a cluster DNS name", s.getMetadata().getName())
			.endsWith(".svc.cluster.local"));
	}

}
