package com.promo.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's port is public: its metrics and every other actuator endpoint answer on the
 * management port only, while load balancers keep probing health on the public port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ManagementPortIT {

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("promo.security.jwt-secret", () -> TestTokens.SECRET);
		registry.add("spring.data.redis.cluster.nodes", TestInfrastructure.get()::redisClusterNodes);
		registry.add("promo.gateway.rate-limit.namespace", () -> "management-it-" + UUID.randomUUID().toString().substring(0, 8));
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	final HttpClient http = HttpClient.newHttpClient();

	HttpResponse<String> get(int port, String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void metricsAndActuatorAnswerOnTheManagementPortOnly() throws Exception {
		String ops = TestTokens.token("1", "OPS");
		assertThat(this.managementPort).isNotEqualTo(this.port);
		for (String path : new String[] { "/actuator/prometheus", "/actuator/health", "/actuator/info" }) {
			HttpResponse<String> onPublic = get(this.port, path, ops);
			assertThat(onPublic.statusCode()).as("%s on the public port: %s", path, onPublic.body()).isEqualTo(404);
			assertThat(onPublic.headers().firstValue("Content-Type")).hasValueSatisfying(
					type -> assertThat(type).startsWith("application/problem+json"));
		}
		HttpResponse<String> metrics = get(this.managementPort, "/actuator/prometheus", null);
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("http_server_requests_seconds");
		assertThat(get(this.managementPort, "/actuator/health", null).body()).contains("\"status\":\"UP\"");
	}

	@Test
	void loadBalancersProbeHealthOnThePublicPort() throws Exception {
		for (String path : new String[] { "/livez", "/readyz" }) {
			HttpResponse<String> probe = get(this.port, path, null);
			assertThat(probe.statusCode()).as("%s: %s", path, probe.body()).isEqualTo(200);
			assertThat(probe.body()).contains("\"status\":\"UP\"");
		}
	}

}
