package com.promo.web;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class PlatformExceptionHandlerTest {

	enum Kind {

		COUPON, FLASH_SALE

	}

	record Window(@NotNull Instant start, @Min(1) int days) {
	}

	record CreateThing(@NotBlank String title, @NotNull Kind kind, @Min(0) @Max(100) long amount, @Valid Window window,
			List<String> cityIds) {
	}

	@RestController
	static class SampleController {

		@PostMapping("/things")
		String create(@Valid @RequestBody CreateThing body) {
			return "ok";
		}

		@GetMapping("/things/{id}")
		String read(@PathVariable long id, @RequestParam(defaultValue = "0") int page) {
			if (id == 404) {
				throw ProblemException.notFound("thing 404");
			}
			if (id == 500) {
				throw new IllegalStateException("secret internals");
			}
			if (id == 503) {
				throw new org.springframework.dao.QueryTimeoutException("Redis command timed out");
			}
			if (id == 400) {
				throw new org.apache.tomcat.util.http.InvalidParameterException("Character decoding failed", 400);
			}
			if (id == 413) {
				throw new IllegalStateException("read failed", new RequestBodyTooLargeException(1024));
			}
			if (id == 504) {
				throw new org.springframework.dao.DataAccessResourceFailureException("connection refused");
			}
			if (id == 502) {
				// as Spring Data Redis wraps Lettuce's error for a connection reset under a command
				throw new org.springframework.dao.UncategorizedDataAccessException("Redis exception",
						new RuntimeException(new java.io.IOException("Connection reset by peer"))) {
				};
			}
			if (id == 501) {
				throw new org.springframework.dao.UncategorizedDataAccessException("Redis exception",
						new IllegalArgumentException("secret internals")) {
				};
			}
			return "thing";
		}

		@GetMapping("/search")
		String search(@RequestParam Kind kind) {
			return "found";
		}

	}

	private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new SampleController())
		.setControllerAdvice(new PlatformExceptionHandler())
		.setValidator(validator())
		.addFilters(new RequestIdFilter())
		.build();

	private static LocalValidatorFactoryBean validator() {
		LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
		validator.afterPropertiesSet();
		return validator;
	}

	private ResultActions postThing(String json) throws Exception {
		return this.mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content(json));
	}

	@Test
	void malformedJsonIsA400ProblemNamingTheBody() throws Exception {
		postThing("{\"title\": \"x\",").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.type").value("urn:promo:problem:validation-failed"))
			.andExpect(jsonPath("$.errors[0].field").value("body"));
	}

	@Test
	void emptyBodyIsA400() throws Exception {
		postThing("").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("body"));
	}

	@Test
	void wrongTypeNamesTheField() throws Exception {
		postThing("{\"title\":\"x\",\"kind\":\"COUPON\",\"amount\":\"lots\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("amount"))
			.andExpect(jsonPath("$.errors[0].message").value("must be a whole number"));
	}

	@Test
	void aNumberTooLargeForItsFieldNamesTheField() throws Exception {
		postThing("{\"title\":\"x\",\"kind\":\"COUPON\",\"amount\":99999999999999999999}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("amount"))
			.andExpect(jsonPath("$.errors[0].message").value("is out of range"));
	}

	@Test
	void unknownEnumValueNamesTheFieldAndTheAllowedValues() throws Exception {
		postThing("{\"title\":\"x\",\"kind\":\"RAFFLE\",\"amount\":1}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("kind"))
			.andExpect(jsonPath("$.errors[0].message", containsString("FLASH_SALE")));
	}

	@Test
	void nestedWrongTypeNamesTheNestedPath() throws Exception {
		postThing("{\"title\":\"x\",\"kind\":\"COUPON\",\"amount\":1,\"window\":{\"start\":\"yesterday\",\"days\":1}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("window.start"));
	}

	@Test
	void arrayInsteadOfObjectIsA400() throws Exception {
		postThing("[1,2]").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
		postThing("{\"title\":\"x\",\"kind\":\"COUPON\",\"amount\":1,\"cityIds\":{\"a\":1}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("cityIds"));
	}

	@Test
	void unknownFieldsAreIgnored() throws Exception {
		postThing("{\"title\":\"x\",\"kind\":\"COUPON\",\"amount\":1,\"colour\":\"red\"}").andExpect(status().isOk());
	}

	@Test
	void failedConstraintsNameEveryField() throws Exception {
		postThing("{\"title\":\"\",\"kind\":null,\"amount\":101,\"window\":{\"start\":\"2026-11-21T10:00:00Z\",\"days\":0}}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.length()").value(4))
			.andExpect(jsonPath("$.errors[?(@.field == 'title')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'kind')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'amount')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'window.days')]").exists());
	}

	@Test
	void wrongPathVariableOrQueryTypeNamesTheParameter() throws Exception {
		this.mvc.perform(get("/things/abc"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("id"));
		this.mvc.perform(get("/things/1?page=first"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("page"));
		this.mvc.perform(get("/search?kind=NOPE"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("kind"));
		this.mvc.perform(get("/search"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("kind"));
	}

	@Test
	void domainProblemsKeepTheirCode() throws Exception {
		this.mvc.perform(get("/things/404"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("NOT_FOUND"))
			.andExpect(jsonPath("$.detail").value("thing 404 not found"));
	}

	@Test
	void unexpectedFailuresHideTheirInternals() throws Exception {
		// 501: a store failure the driver left uncategorized, with no I/O failure underneath
		for (String id : new String[] { "500", "501" }) {
			this.mvc.perform(get("/things/" + id))
				.andExpect(status().isInternalServerError())
				.andExpect(jsonPath("$.code").value("INTERNAL_ERROR"))
				.andExpect(jsonPath("$.detail", org.hamcrest.Matchers.not(containsString("secret"))));
		}
	}

	@Test
	void anUnreachableOrTimedOutStoreIsA503NotA500() throws Exception {
		for (String id : new String[] { "503", "504", "502" }) {
			this.mvc.perform(get("/things/" + id))
				.andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.code").value("UNAVAILABLE"));
		}
	}

	@Test
	void wrongMethodAndMediaTypeAreProblemsToo() throws Exception {
		this.mvc.perform(post("/things/1")).andExpect(status().isMethodNotAllowed())
			.andExpect(jsonPath("$.code").value("METHOD_NOT_ALLOWED"));
		this.mvc.perform(post("/things").contentType(MediaType.TEXT_PLAIN).content("x"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(jsonPath("$.code").value("UNSUPPORTED_MEDIA_TYPE"));
	}

	@Test
	void aWildcardContentTypeIsA415NotA500() throws Exception {
		for (String wildcard : new String[] { "*/*", "application/*" }) {
			this.mvc.perform(post("/things").contentType(wildcard).content("{}"))
				.andExpect(status().isUnsupportedMediaType())
				.andExpect(jsonPath("$.code").value("UNSUPPORTED_MEDIA_TYPE"));
		}
	}

	@Test
	void aParameterTomcatCannotDecodeIsA400NotA500() throws Exception {
		this.mvc.perform(get("/things/400"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("MALFORMED_REQUEST"));
	}

	@Test
	void aBodyPastItsLimitIsA413WhereverItWasRead() throws Exception {
		this.mvc.perform(get("/things/413"))
			.andExpect(status().is(413))
			.andExpect(jsonPath("$.code").value("PAYLOAD_TOO_LARGE"));
	}

	@Test
	void requestIdIsEchoedOrCreated() throws Exception {
		this.mvc.perform(get("/things/1").header(RequestIdFilter.HEADER, "abc-123"))
			.andExpect(header().string(RequestIdFilter.HEADER, "abc-123"));
		this.mvc.perform(get("/things/1").header(RequestIdFilter.HEADER, "bad id with spaces"))
			.andExpect(header().string(RequestIdFilter.HEADER, org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}")));
	}

}
