package com.promo.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.promo.web.ProblemCode;
import com.promo.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** The firewall's refusals as a 400 problem with {@code MALFORMED_REQUEST}, saying which rule. */
final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemRequestRejectedHandler.class);

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		log.debug("request refused by the firewall: {}", requestRejectedException.getMessage());
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer(); // keeps the headers already set (X-Request-Id)
		Problems.write(response, Problems.of(ProblemCode.MALFORMED_REQUEST, requestRejectedException.getMessage()));
	}

}
