package com.promo.bench.naive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark's baseline: the claim path a shop would build without the Redis gate, one
 * database transaction per claim on one hot template row (yudao's and litemall's design), served
 * over HTTP with the platform's own security, problem details and defaults so that the benchmark
 * compares designs, not stacks. {@code ./promo bench claim} starts it on port 8091 (8090 is the gateway's management port); nothing
 * deploys it.
 */
@SpringBootApplication
public class NaiveClaimApplication {

	public static void main(String[] args) {
		SpringApplication.run(NaiveClaimApplication.class, args);
	}

}
