package com.promo.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import com.promo.testsupport.HealthProbe;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole platform as a client sees it: six processes, real infrastructure, HTTP only. */
class PlatformSystemIT {

	static final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void startPlatform() throws Exception {
		RunningPlatform.get();
	}

	static String token(String subject, String... roles) {
		return TestTokens.sign(RunningPlatform.JWT_SECRET, subject, Instant.now().plusSeconds(600), roles);
	}

	static HttpResponse<String> send(String method, String url, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString("{}"))
			.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void everyServiceIsReadyWithItsRealConnections() {
		for (String service : RunningPlatform.SERVICES.keySet()) {
			if (service.equals("gateway")) {
				HealthProbe.assertReady(RunningPlatform.baseUrl(service));
			}
			else {
				HealthProbe.assertReady(RunningPlatform.baseUrl(service), "db", "redis", "kafka");
			}
		}
	}

	@Test
	void everyServiceIsHealthyThroughTheGateway() throws Exception {
		String ops = token("1", "OPS"); // a component DOWN then says why (the details are for OPS only)
		for (String route : new String[] { "activity", "coupon", "claim", "crowd-sync", "pricing" }) {
			HttpResponse<String> response = send("GET",
					RunningPlatform.baseUrl("gateway") + "/services/" + route + "/actuator/health", ops);
			assertThat(response.statusCode()).as("%s through the gateway: %s", route, response.body()).isEqualTo(200);
			assertThat(response.body()).contains("\"status\":\"UP\"");
		}
	}

	@Test
	void theGatewayRefusesInternalPathsThatTheServicesGuardThemselves() throws Exception {
		String serviceToken = token("1", "SERVICE");

		HttpResponse<String> viaGateway = send("POST", RunningPlatform.baseUrl("gateway") + "/internal/coupons/1/lock",
				serviceToken);
		HttpResponse<String> directWithoutToken = send("POST",
				RunningPlatform.baseUrl("coupon-service") + "/internal/coupons/1/lock", null);

		assertThat(viaGateway.statusCode()).isEqualTo(404);
		assertThat(viaGateway.body()).contains("\"code\":\"NOT_FOUND\"");
		assertThat(directWithoutToken.statusCode()).isEqualTo(401);
		assertThat(directWithoutToken.body()).contains("\"code\":\"UNAUTHENTICATED\"");
	}

	@Test
	void tokensAreCheckedByTheGatewayAndByTheService() throws Exception {
		String gateway = RunningPlatform.baseUrl("gateway");

		assertThat(send("GET", gateway + "/ops/activities", null).statusCode()).isEqualTo(401);
		assertThat(send("GET", gateway + "/ops/activities", token("3", "CONSUMER")).statusCode()).isEqualTo(403);
		assertThat(send("GET", RunningPlatform.baseUrl("activity-service") + "/ops/activities", token("3", "CONSUMER"))
			.statusCode()).isEqualTo(403);

		HttpResponse<String> allowed = send("GET", gateway + "/ops/activities", token("1", "OPS"));
		assertThat(allowed.statusCode()).isNotIn(401, 403, 500, 503);
		assertThat(allowed.headers().firstValue("X-Request-Id")).isPresent();
	}

}
