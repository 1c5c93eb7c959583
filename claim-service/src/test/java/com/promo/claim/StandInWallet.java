package com.promo.claim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * coupon-service's {@code POST /internal/claims/settle} played by a JDK HTTP server, for the tests of
 * claim-service's synchronous settlement (FrozenUnitsIT, KafkaRefusalIT): each test decides how the
 * wallet answers.
 */
final class StandInWallet {

	private StandInWallet() {
	}

	static HttpServer start(HttpHandler settle) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/internal/claims/settle", settle);
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A string field of the claim the wallet was sent. */
	static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		return m.find() ? m.group(1) : "";
	}

}
