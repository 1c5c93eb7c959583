package com.promo.security;

import com.promo.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Actuator endpoints other than health, info and prometheus change or reveal how a service runs
 * (kafkalisteners pauses consumers): operators only. The test application serves no actuator, so
 * an operator who passes the rules meets a 404.
 */
@SpringBootTest(classes = PromoSecurityTest.App.class, properties = "promo.security.jwt-secret=" + TestTokens.SECRET)
@AutoConfigureMockMvc
class ActuatorAccessTest {

	@Autowired
	MockMvc mvc;

	private ResultActions call(MockHttpServletRequestBuilder request, String token) throws Exception {
		return this.mvc.perform(token == null ? request : request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
	}

	@Test
	void otherActuatorEndpointsNeedTheOpsRole() throws Exception {
		call(post("/actuator/kafkalisteners/wallet-settlement"), null).andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
		call(post("/actuator/kafkalisteners/wallet-settlement"), TestTokens.token("3", "CONSUMER", "MERCHANT", "SERVICE"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("FORBIDDEN"));
		call(get("/actuator/env"), TestTokens.token("4", "SERVICE")).andExpect(status().isForbidden());
		call(get("/actuator/kafkalisteners"), TestTokens.token("1", "OPS")).andExpect(status().isNotFound());
	}

	@Test
	void healthInfoAndPrometheusStayOpen() throws Exception {
		for (String path : new String[] { "/actuator/health", "/actuator/health/readiness", "/actuator/info",
				"/actuator/prometheus" }) {
			call(get(path), null).andExpect(status().isNotFound());
		}
	}

}
