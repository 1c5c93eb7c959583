package com.promo.web;

import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's last word, as a problem instead of its HTML page: requests Tomcat refuses before any
 * servlet sees them (an encoded NUL, backslash or slash in the path, a header that breaks RFC 9112,
 * headers beyond {@code server.max-http-request-header-size}, an unknown transfer coding). Errors
 * inside the application never get here: Spring's error page has written them already.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Tomcat's own text for headers beyond its buffer, in the locale it uses; compared, not parsed. */
	private static final String HEADERS_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
		.getString("iib.requestheadertoolarge.error");

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		// as ErrorReportValve: only an error not yet reported, with nothing written, and I/O still allowed
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(false);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		ProblemDetail problem = problem(status, response.getMessage(), throwable);
		try {
			response.setStatus(problem.getStatus());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(JSON.writeValueAsString(Problems.asMap(problem)));
				response.finishResponse();
			}
		}
		catch (Exception ex) {
			// the client went away or the response cannot take a body: nothing more to do
		}
	}

	static ProblemDetail problem(int status, String message, Throwable throwable) {
		if (status == 400 && throwable instanceof IllegalArgumentException
				&& HEADERS_TOO_LARGE.equals(throwable.getMessage())) {
			return Problems.of(ProblemCode.HEADERS_TOO_LARGE, "the request line and headers are too large");
		}
		if (status >= 500 && status != 501) {
			return Problems.refusal(status, "the server could not handle the request");
		}
		String reason = (message == null || message.isBlank()) ? "" : ": " + abbreviate(message);
		return Problems.refusal(status, "the request was refused before it reached the application" + reason);
	}

	private static String abbreviate(String text) {
		return text.length() <= 200 ? text : text.substring(0, 200) + "...";
	}

}
