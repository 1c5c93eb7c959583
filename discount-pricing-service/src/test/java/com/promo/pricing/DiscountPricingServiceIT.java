package com.promo.pricing;

import java.net.http.HttpResponse;

import com.promo.testsupport.HealthProbe;
import com.promo.testsupport.OpenApiSnapshots;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiscountPricingServiceIT extends PricingTestBase {

	@Test
	void readinessIncludesTheRealDatabaseRedisClusterAndKafka() {
		HealthProbe.assertReady("http://localhost:" + this.port, "db", "redis", "kafka");
	}

	@Test
	void theCommittedOpenApiDocumentIsTheOneTheServiceServes() {
		OpenApiSnapshots.assertCommitted("http://localhost:" + this.port, "discount-pricing-service", getClass());
	}

	@Test
	void livenessAndPrometheusAreExposed() {
		HttpResponse<String> liveness = HealthProbe.get("http://localhost:" + this.port + "/actuator/health/liveness");
		HttpResponse<String> metrics = HealthProbe.get("http://localhost:" + this.port + "/actuator/prometheus");

		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_threads_live_threads").contains("application=\"discount-pricing-service\"");
	}

	@Test
	void unknownPathsAreProblemResponses() {
		HttpResponse<String> response = HealthProbe.get("http://localhost:" + this.port + "/nowhere");

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"code\":\"NOT_FOUND\"");
	}

}
