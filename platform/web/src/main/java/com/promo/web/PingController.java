package com.promo.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ping}: the cheapest answer a service gives through its whole HTTP stack (filters,
 * security, MVC). Load balancers may use it; benchmarks use it as the baseline that a real
 * endpoint is compared with.
 */
@RestController
public class PingController {

	@GetMapping(path = "/ping", produces = "text/plain")
	String ping() {
		return "pong";
	}

}
