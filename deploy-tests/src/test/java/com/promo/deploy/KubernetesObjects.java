package com.promo.deploy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Reads rendered objects into the Kubernetes API's types (fabric8's kubernetes-model), refusing any
 * field the API does not have. The model classes keep unknown fields in an "additional properties"
 * map (a JSON any-setter) and ignore them; here that map is switched off, so a misspelt or misplaced
 * field ({@code readinesProbe}, {@code resources} under the pod) fails the test naming it.
 */
final class KubernetesObjects {

	/** The kinds deploy/ uses, by apiVersion and kind; any other is refused rather than passed unchecked. */
	private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
			"v1/ConfigMap", ConfigMap.class, "v1/Secret", Secret.class, "v1/Service", Service.class,
			"apps/v1/Deployment", Deployment.class,
			"autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
			"policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
			"networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

	private static final ObjectMapper STRICT = JsonMapper.builder()
		.annotationIntrospector(new StrictIntrospector())
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
		.build();

	private KubernetesObjects() {
	}

	static List<HasMetadata> read(List<JsonNode> objects) {
		return objects.stream().map(KubernetesObjects::read).toList();
	}

	static HasMetadata read(JsonNode object) {
		String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
		String name = object.path("metadata").path("name").asText("<no name>");
		Class<? extends HasMetadata> kind = KINDS.get(type);
		if (kind == null) {
			throw new AssertionError(type + " " + name + " is not a kind deploy/ is checked for (" + KINDS.keySet()
					+ "): add its model class to KubernetesObjects");
		}
		try {
			return STRICT.treeToValue(object, kind);
		}
		catch (Exception ex) {
			throw new AssertionError(type + " " + name + " does not fit the Kubernetes API: " + ex.getMessage(), ex);
		}
	}

	/** Jackson's introspector without the any-setter and without "ignore unknown" on fabric8's classes. */
	private static final class StrictIntrospector extends JacksonAnnotationIntrospector {

		@Override
		public Boolean hasAnySetter(Annotated annotated) {
			return Boolean.FALSE;
		}

		@Override
		public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
			return super.findPropertyIgnoralByName(config, annotated).withoutIgnoreUnknown();
		}

	}

}
