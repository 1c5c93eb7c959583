package com.promo.idempotency;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.promo.testsupport.PromoTestProperties;
import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/** The Idempotency-Key filter in front of a counting endpoint, on the real Redis Cluster. */
@SpringBootTest(classes = IdempotencyIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdempotencyIT {

	static final AtomicInteger CREATED = new AtomicInteger();

	@SpringBootApplication
	static class App {

		@RestController
		static class Things {

			record NewThing(String name) {
			}

			@PostMapping("/api/things")
			ResponseEntity<String> create(@RequestBody NewThing thing) throws InterruptedException {
				int id = CREATED.incrementAndGet();
				Thread.sleep(200); // long enough for duplicates to arrive while it runs
				if ("taken".equals(thing.name())) {
					return ResponseEntity.status(HttpStatus.CONFLICT).body("{\"code\":\"CONFLICT\",\"n\":" + id + "}");
				}
				if ("bad".equals(thing.name())) {
					return ResponseEntity.badRequest().body("{\"code\":\"VALIDATION_FAILED\"}");
				}
				return ResponseEntity.status(HttpStatus.CREATED).body("{\"id\":\"" + id + "\",\"name\":\"" + thing.name() + "\"}");
			}

			@PostMapping("/api/other/{x}")
			ResponseEntity<String> other(@PathVariable String x) {
				return ResponseEntity.status(HttpStatus.CREATED).body("{}");
			}

		}

	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PromoTestProperties.infrastructure(registry);
	}

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void reset() {
		CREATED.set(0);
	}

	HttpResponse<String> post(String path, String key, String body, String user) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + TestTokens.token(user, "CONSUMER"));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aRepeatGetsTheFirstResponseWithoutRunningAgain() throws Exception {
		String key = UUID.randomUUID().toString();

		HttpResponse<String> first = post("/api/things", key, "{\"name\":\"a\"}", "1");
		HttpResponse<String> repeat = post("/api/things", key, "{\"name\":\"a\"}", "1");

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(repeat.statusCode()).isEqualTo(201);
		assertThat(repeat.body()).isEqualTo(first.body());
		assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(CREATED).hasValue(1);
	}

	@Test
	void theSameKeyWithAnotherRequestIsAConflictAndChangesNothing() throws Exception {
		String key = UUID.randomUUID().toString();
		post("/api/things", key, "{\"name\":\"a\"}", "1");

		HttpResponse<String> otherBody = post("/api/things", key, "{\"name\":\"b\"}", "1");
		HttpResponse<String> otherPath = post("/api/other/1", key, "{\"name\":\"a\"}", "1");

		assertThat(otherBody.statusCode()).isEqualTo(409);
		assertThat(otherBody.body()).contains("\"code\":\"CONFLICT\"");
		assertThat(otherPath.statusCode()).isEqualTo(409);
		assertThat(CREATED).hasValue(1);
	}

	@Test
	void keysAreScopedToTheCaller() throws Exception {
		String key = UUID.randomUUID().toString();

		post("/api/things", key, "{\"name\":\"a\"}", "1");
		HttpResponse<String> someoneElse = post("/api/things", key, "{\"name\":\"a\"}", "2");

		assertThat(someoneElse.statusCode()).isEqualTo(201);
		assertThat(someoneElse.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(CREATED).hasValue(2);
	}

	@Test
	void concurrentDuplicatesWaitForTheFirstAndGetItsAnswer() throws Exception {
		String key = UUID.randomUUID().toString();
		int callers = 20;
		CyclicBarrier start = new CyclicBarrier(callers);
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
			for (int i = 0; i < callers; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return post("/api/things", key, "{\"name\":\"a\"}", "1");
				}));
			}
			List<String> bodies = new ArrayList<>();
			for (Future<HttpResponse<String>> answer : answers) {
				HttpResponse<String> response = answer.get();
				assertThat(response.statusCode()).isEqualTo(201);
				bodies.add(response.body());
			}
			assertThat(bodies).containsOnly(bodies.get(0));
		}
		assertThat(CREATED).hasValue(1);
	}

	@Test
	void businessRefusalsAreReplayedButInvalidInputIsNot() throws Exception {
		String conflictKey = UUID.randomUUID().toString();
		assertThat(post("/api/things", conflictKey, "{\"name\":\"taken\"}", "1").statusCode()).isEqualTo(409);
		HttpResponse<String> replayed = post("/api/things", conflictKey, "{\"name\":\"taken\"}", "1");
		assertThat(replayed.statusCode()).isEqualTo(409);
		assertThat(replayed.body()).contains("\"n\":1");

		String badKey = UUID.randomUUID().toString();
		assertThat(post("/api/things", badKey, "{\"name\":\"bad\"}", "1").statusCode()).isEqualTo(400);
		assertThat(post("/api/things", badKey, "{\"name\":\"bad\"}", "1").statusCode()).isEqualTo(400);
		assertThat(CREATED).hasValue(3);
	}

	@Test
	void anOverlongOrEmptyKeyIsRefused() throws Exception {
		HttpResponse<String> tooLong = post("/api/things", "k".repeat(65), "{\"name\":\"a\"}", "1");
		HttpResponse<String> empty = post("/api/things", "", "{\"name\":\"a\"}", "1");

		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(tooLong.body()).contains("Idempotency-Key");
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(CREATED).hasValue(0);
	}

}
