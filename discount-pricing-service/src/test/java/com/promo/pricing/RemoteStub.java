package com.promo.pricing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A remote service (crowd-sync-service, coupon-service) as pricing sees it over HTTP: a real HTTP
 * server on a fixed port that answers from the test's data, can answer slowly, and can be stopped
 * (the port refuses connections) and started again on the same port. Infrastructure is never
 * stubbed; only the other services' HTTP answers are.
 */
public final class RemoteStub {

	public record Request(String path, String query, String authorization) {
	}

	public record Response(int status, String json) {

		public static Response ok(String json) {
			return new Response(200, json);
		}

		public static Response notFound() {
			return new Response(404, "{\"code\":\"NOT_FOUND\"}");
		}

	}

	private final Function<Request, Response> answers;

	/** Chosen by the system at the first start, kept for every restart. */
	private volatile int port;

	private final AtomicInteger calls = new AtomicInteger();

	private volatile Duration delay = Duration.ZERO;

	private HttpServer server;

	private RemoteStub(Function<Request, Response> answers) {
		this.answers = answers;
	}

	public static RemoteStub start(Function<Request, Response> answers) {
		RemoteStub stub = new RemoteStub(answers);
		stub.up();
		return stub;
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	public int calls() {
		return this.calls.get();
	}

	/** Answers after {@code delay} (zero: at once). */
	public void answerAfter(Duration delay) {
		this.delay = delay;
	}

	/** Stops listening: connections to the port are refused, as when the service is down. */
	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

	/** Up again, answering at once. */
	public synchronized void up() {
		this.delay = Duration.ZERO;
		if (this.server != null) {
			return;
		}
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", this.port), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.port = this.server.getAddress().getPort();
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.calls.incrementAndGet();
		try (exchange) {
			Thread.sleep(this.delay.toMillis());
			Response response = this.answers.apply(new Request(exchange.getRequestURI().getPath(),
					exchange.getRequestURI().getQuery(), exchange.getRequestHeaders().getFirst("Authorization")));
			byte[] body = response.json().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(response.status(), body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
