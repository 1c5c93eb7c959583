package com.promo.deploy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict reading the overlay checks rely on: it takes what the API has and refuses what it lacks. */
class KubernetesObjectsTest {

	private static final String DEPLOYMENT = """
			apiVersion: apps/v1
			kind: Deployment
			metadata:
			  name: claim-service
			spec:
			  selector:
			    matchLabels: { app: claim-service }
			  template:
			    metadata:
			      labels: { app: claim-service }
			    spec:
			      containers:
			        - name: app
			          image: promo/claim-service:1
			          %s
			""";

	@Test
	void aDeploymentTheApiKnowsIsRead() throws Exception {
		var deployment = (Deployment) KubernetesObjects.read(one(DEPLOYMENT.formatted("readinessProbe: { httpGet: { path: /readyz, port: 8083 } }")));
		assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getHttpGet()
			.getPath()).isEqualTo("/readyz");
	}

	@Test
	void aMisspeltFieldIsRefusedNamingIt() {
		assertThatThrownBy(() -> KubernetesObjects.read(one(DEPLOYMENT.formatted("readinesProbe: { httpGet: { path: /readyz, port: 8083 } }"))))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("Deployment claim-service")
			.hasMessageContaining("readinesProbe");
	}

	@Test
	void aValueOfTheWrongTypeIsRefused() {
		assertThatThrownBy(() -> KubernetesObjects.read(one(DEPLOYMENT.formatted("ports: { containerPort: 8083 }"))))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("ports");
	}

	@Test
	void aKindTheChecksDoNotKnowIsRefused() {
		assertThatThrownBy(() -> KubernetesObjects.read(one("""
				apiVersion: apps/v1
				kind: StatefulSet
				metadata: { name: mysql }
				""")))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("apps/v1/StatefulSet mysql");
	}

	private static JsonNode one(String yaml) throws Exception {
		List<JsonNode> objects = Kustomize.parse(yaml);
		assertThat(objects).hasSize(1);
		return objects.get(0);
	}

}
