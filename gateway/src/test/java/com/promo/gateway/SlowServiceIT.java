package com.promo.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import com.promo.testsupport.TestInfrastructure;
import com.promo.testsupport.TestTokens;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service that does not answer in time: the client's read timeout bounds the proxied call (the
 * breaker's time limiter is off), and the caller gets a 503 problem instead of waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "promo.gateway.proxy.read-timeout=500ms")
class SlowServiceIT {

	static HttpServer slow;

	@DynamicPropertySource
	static void slowService(DynamicPropertyRegistry registry) throws IOException {
		slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		slow.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
		slow.createContext("/", exchange -> {
			try {
				Thread.sleep(3_000);
				exchange.sendResponseHeaders(200, -1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				exchange.close();
			}
		});
		slow.start();
		registry.add("promo.security.jwt-secret", () -> TestTokens.SECRET);
		registry.add("spring.data.redis.cluster.nodes", TestInfrastructure.get()::redisClusterNodes);
		registry.add("promo.gateway.rate-limit.namespace", () -> "slow-it-" + UUID.randomUUID().toString().substring(0, 8));
		registry.add("promo.gateway.services.activity", () -> "http://127.0.0.1:" + slow.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		slow.stop(0);
	}

	@LocalServerPort
	int port;

	@Test
	void aCallTheServiceDoesNotAnswerInTimeIsA503Problem() throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/ops/activities"))
			.header("Authorization", "Bearer " + TestTokens.token("1", "OPS"))
			.timeout(Duration.ofSeconds(10))
			.build();
		long started = System.nanoTime();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.body()).contains("\"code\":\"UNAVAILABLE\"");
		assertThat(took).as("answered after the 500 ms read timeout, not the service's 3 s").isLessThan(Duration.ofMillis(2_500));
	}

}
