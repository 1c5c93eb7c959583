package com.promo.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * An open-model claim load: new claims arrive at a fixed rate whether or not earlier ones were
 * answered (wrk's closed model slows down with the server and hides a backlog). Each arrival is
 * one POST of a claim by the next user of the token file. bench/claim.sh sets:
 * {@code bench.baseUrl}, {@code bench.template}, {@code bench.tokens} (a CSV with a {@code token}
 * column), {@code bench.rate} (claims/s), {@code bench.seconds} and {@code bench.markers}.
 */
public class SustainedClaimSimulation extends Simulation {

	private final String baseUrl = System.getProperty("bench.baseUrl", "http://127.0.0.1:8083");

	private final String template = System.getProperty("bench.template");

	private final FeederBuilder<String> tokens = csv(System.getProperty("bench.tokens")).circular();

	private final double rate = Double.parseDouble(System.getProperty("bench.rate", "1000"));

	private final int seconds = Integer.parseInt(System.getProperty("bench.seconds", "60"));

	private final HttpProtocolBuilder protocol = http.baseUrl(this.baseUrl)
		// the claims share a pool of kept-alive connections, as a gateway in front of the service does
		.shareConnections();

	private final ScenarioBuilder claims = scenario("claim").feed(this.tokens)
		.exec(http("claim").post("/api/coupon-templates/" + this.template + "/claims")
			.header("Authorization", "Bearer #{token}")
			.check(status().is(201)));

	/** Where bench/claim.sh reads when the load began and ended (epoch ms), to time the drain after it. */
	private final String markers = System.getProperty("bench.markers");

	{
		if (this.template == null) {
			throw new IllegalArgumentException("bench.template: set it to the claimed template's id");
		}
		setUp(this.claims.injectOpen(constantUsersPerSec(this.rate).during(this.seconds))).protocols(this.protocol);
	}

	@Override
	public void before() {
		mark("start");
	}

	@Override
	public void after() {
		mark("end");
	}

	private void mark(String what) {
		if (this.markers == null) {
			return;
		}
		try {
			Files.writeString(Path.of(this.markers), what + " " + System.currentTimeMillis() + "\n",
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
