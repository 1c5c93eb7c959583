package com.promo.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/** One kustomization rendered and read into the API's types (rendered once per test run). */
record Rendering(String directory, List<HasMetadata> objects) {

	private static final Map<String, Rendering> RENDERED = new ConcurrentHashMap<>();

	static Rendering of(String directory, String... kustomizeFlags) {
		return RENDERED.computeIfAbsent(directory,
				dir -> new Rendering(dir, KubernetesObjects.read(Kustomize.render(dir, kustomizeFlags))));
	}

	<T extends HasMetadata> List<T> all(Class<T> kind) {
		return this.objects.stream().filter(kind::isInstance).map(kind::cast).toList();
	}

	<T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
		return all(kind).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst();
	}

	<T extends HasMetadata> T get(Class<T> kind, String name) {
		return find(kind, name).orElseThrow(() -> new AssertionError(
				this.directory + " renders no " + kind.getSimpleName() + " named " + name));
	}

	Deployment deployment(String application) {
		return get(Deployment.class, application);
	}

	static Container container(Deployment deployment) {
		List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
		if (containers.size() != 1) {
			throw new AssertionError(deployment.getMetadata().getName() + " has " + containers.size()
					+ " containers; the checks expect the application's one");
		}
		return containers.get(0);
	}

	/**
	 * The container's environment as the kubelet builds it: every key of the ConfigMaps it takes
	 * whole (envFrom), then its own variables; a variable from a Secret reads as
	 * {@code secret:<name>/<key>}.
	 */
	Map<String, String> environment(Deployment deployment) {
		Container container = container(deployment);
		Map<String, String> environment = new LinkedHashMap<>();
		for (EnvFromSource source : container.getEnvFrom()) {
			if (source.getConfigMapRef() == null) {
				throw new AssertionError(deployment.getMetadata().getName() + " takes its environment from "
						+ source + "; only ConfigMaps are expected there (secrets by secretKeyRef)");
			}
			environment.putAll(get(ConfigMap.class, source.getConfigMapRef().getName()).getData());
		}
		for (EnvVar variable : container.getEnv()) {
			environment.put(variable.getName(), value(variable));
		}
		return environment;
	}

	private static String value(EnvVar variable) {
		if (variable.getValueFrom() == null) {
			return variable.getValue();
		}
		var secret = variable.getValueFrom().getSecretKeyRef();
		if (secret == null) {
			throw new AssertionError(variable.getName() + " comes from " + variable.getValueFrom()
					+ "; only literal values and secretKeyRef are expected");
		}
		return "secret:" + secret.getName() + "/" + secret.getKey();
	}

	/** The most pods of the application that can run at once: the HPA's maximum or the replicas, plus the surge. */
	int mostPods(String application) {
		Deployment deployment = deployment(application);
		int steady = find(HorizontalPodAutoscaler.class, application).map(hpa -> hpa.getSpec().getMaxReplicas())
			.orElseGet(() -> deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas());
		var strategy = deployment.getSpec().getStrategy();
		if (strategy == null || strategy.getRollingUpdate() == null
				|| strategy.getRollingUpdate().getMaxSurge() == null
				|| strategy.getRollingUpdate().getMaxSurge().getIntVal() == null) {
			throw new AssertionError(application + " must state its rolling update's maxSurge as a number of pods "
					+ "(the connection budget counts the surge)");
		}
		return steady + strategy.getRollingUpdate().getMaxSurge().getIntVal();
	}

}
