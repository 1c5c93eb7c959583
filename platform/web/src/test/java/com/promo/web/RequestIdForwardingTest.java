package com.promo.web;

import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** A RestClient customized by {@link RequestIdForwarding}, calling a real HTTP server. */
class RequestIdForwardingTest {

	private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();

	private HttpServer server;

	private RestClient client;

	@BeforeEach
	void start() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", exchange -> {
			String id = exchange.getRequestHeaders().getFirst(RequestIdFilter.HEADER);
			this.seen.add(id == null ? "<none>" : id);
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.start();
		RestClient.Builder builder = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort());
		new RequestIdForwarding().customize(builder);
		this.client = builder.build();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
		MDC.clear();
	}

	@Test
	void aCallMadeWhileARequestIsHandledCarriesItsRequestId() {
		MDC.put(RequestIdFilter.MDC_KEY, "req-42");

		this.client.get().uri("/internal/x").retrieve().toBodilessEntity();

		assertThat(this.seen).containsExactly("req-42");
	}

	@Test
	void theHandledRequestsIdReplacesWhateverTheCallAlreadyCarried() {
		MDC.put(RequestIdFilter.MDC_KEY, "req-42");

		this.client.get().uri("/internal/x").header(RequestIdFilter.HEADER, "raw id from a client").retrieve()
			.toBodilessEntity();

		assertThat(this.seen).containsExactly("req-42");
	}

	@Test
	void aCallOutsideARequestCarriesNone() {
		this.client.get().uri("/internal/x").retrieve().toBodilessEntity();

		assertThat(this.seen).containsExactly("<none>");
	}

}
