package com.promo.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Boot's {@code /error} page as a problem, whatever the {@code Accept} header: what reaches it was
 * refused outside Spring MVC (a {@code sendError} from a filter, an exception a filter threw).
 * Replaces Boot's {@code BasicErrorController}, whose HTML page and
 * {@code {timestamp, status, error, path}} body carry no code. Called directly, {@code /error}
 * is not a resource: 404.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ProblemErrorController implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

	private final ErrorAttributes errorAttributes;

	ProblemErrorController(ErrorAttributes errorAttributes) {
		this.errorAttributes = errorAttributes;
	}

	@RequestMapping
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Problems.write(response, problem(request));
	}

	private ProblemDetail problem(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (!(status instanceof Integer code)) {
			return Problems.of(ProblemCode.NOT_FOUND, "no resource at " + request.getRequestURI());
		}
		Throwable error = this.errorAttributes.getError(new ServletWebRequest(request));
		if (error != null) {
			ProblemDetail refusal = Refusals.of(error, request);
			if (refusal != null) {
				return refusal;
			}
		}
		if (code >= 500) {
			log.error("unexpected failure outside Spring MVC ({} {})", code,
					request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), error);
			return Problems.refusal(code, "an unexpected error occurred; it has been logged");
		}
		return Problems.refusal(code, "the request to " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)
				+ " was refused");
	}

}
