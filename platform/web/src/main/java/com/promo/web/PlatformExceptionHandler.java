package com.promo.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.UncategorizedDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into an RFC 9457 problem with a stable {@code code}: bad input is a 400
 * naming the field (malformed JSON, wrong types, unknown enum values, failed constraints), domain
 * failures carry their own code, and nothing leaks as an unexplained 500: what only looks like the
 * server's failure but was the request's (see {@code Refusals}) is the 4xx it deserves.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class PlatformExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(PlatformExceptionHandler.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<Object> handleProblem(ProblemException ex) {
		return respond(Problems.of(ex.code(), ex.getMessage(), ex.violations()));
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex) {
		List<FieldViolation> violations = ex.getConstraintViolations()
			.stream()
			.map(v -> new FieldViolation(lastNode(v.getPropertyPath().toString()), v.getMessage()))
			.toList();
		return validationFailed(violations);
	}

	/** Redis or the database cannot be reached or timed out: nothing the caller did wrong; retry. */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class })
	ResponseEntity<Object> handleStoreUnavailable(DataAccessException ex) {
		log.warn("a store is unavailable: {}", ex.getMessage());
		return respond(Problems.of(ProblemCode.UNAVAILABLE, "Redis or the database cannot be reached; retry"));
	}

	/**
	 * A store failure its driver could not classify, such as Spring Data Redis's
	 * {@code RedisSystemException} for a connection reset under a command while a Redis master fails
	 * over: with an I/O failure underneath, the store could not be reached (503); anything else stays
	 * an unexpected failure, logged.
	 */
	@ExceptionHandler(UncategorizedDataAccessException.class)
	ResponseEntity<Object> handleUncategorizedStoreFailure(UncategorizedDataAccessException ex,
			HttpServletRequest request) throws Exception {
		return ex.contains(IOException.class) ? handleStoreUnavailable(ex) : handleUnexpected(ex, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) throws Exception {
		if (isSecurityException(ex)) {
			throw ex; // Spring Security's own handling answers 401/403 (and the firewall's 400)
		}
		ProblemDetail refusal = Refusals.of(ex, request);
		if (refusal != null) {
			return respond(refusal);
		}
		log.error("unexpected failure", ex);
		return respond(Problems.of(ProblemCode.INTERNAL_ERROR, "an unexpected error occurred; it has been logged"));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			violations.add(new FieldViolation(error.getField(), message(error)));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach(error -> violations.add(new FieldViolation(error.getObjectName(), message(error))));
		return validationFailed(violations);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		ex.getParameterValidationResults().forEach(result -> {
			String name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors().forEach(error -> violations.add(new FieldViolation(
					error instanceof FieldError fieldError ? fieldError.getField() : name, message(error))));
		});
		return validationFailed(violations);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = RequestBodyTooLargeException.in(ex);
		if (tooLarge != null) {
			return respond(tooLarge.problem());
		}
		return validationFailed(List.of(describeUnreadable(ex)));
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
				: ex.getPropertyName();
		String expected = ex.getRequiredType() == null ? "a valid value" : describeType(ex.getRequiredType());
		return validationFailed(List.of(new FieldViolation(field, "must be " + expected)));
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return validationFailed(List.of(new FieldViolation(ex.getParameterName(), "is required")));
	}

	@Override
	protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex instanceof MissingRequestHeaderException missingHeader) {
			return validationFailed(List.of(new FieldViolation(missingHeader.getHeaderName(), "header is required")));
		}
		return validationFailed(List.of(new FieldViolation("request", ex.getMessage())));
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return respond(Problems.of(ProblemCode.NOT_FOUND, "no resource at /" + ex.getResourcePath()));
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return respond(Problems.of(ProblemCode.METHOD_NOT_ALLOWED, ex.getMessage()));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return respond(Problems.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE, ex.getMessage()));
	}

	/** Every other exception Spring MVC knows gets the code of its status. */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemDetail problem = body instanceof ProblemDetail detail ? detail
				: ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
		ProblemCode code = ProblemCode.forStatus(statusCode.value());
		problem.setType(Problems.typeOf(code));
		problem.setProperty("code", code.name());
		return ResponseEntity.status(statusCode).headers(headers).body(problem);
	}

	private static ResponseEntity<Object> validationFailed(List<FieldViolation> violations) {
		String detail = violations.stream()
			.map(v -> v.field() + ": " + v.message())
			.collect(Collectors.joining("; "));
		return respond(Problems.of(ProblemCode.VALIDATION_FAILED, detail, violations));
	}

	private static ResponseEntity<Object> respond(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	/** Names the JSON field that could not be read, from the path Jackson reports. */
	static FieldViolation describeUnreadable(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof InputCoercionException coercion) {
			// a number too large for its field: valid JSON, so name the field
			String field = coercion.processor() instanceof JsonParser parser ? parser.currentName() : null;
			return new FieldViolation(field == null ? "body" : field, "is out of range");
		}
		if (cause instanceof StreamReadException) {
			return new FieldViolation("body", "is not well-formed JSON");
		}
		if (cause instanceof DatabindException databind) {
			String field = path(databind);
			if (databind instanceof UnrecognizedPropertyException) {
				return new FieldViolation(field, "is not a known field");
			}
			if (databind instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
				return new FieldViolation(field, "must be " + describeType(invalid.getTargetType()));
			}
			if (databind instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
				return new FieldViolation(field.isEmpty() ? "body" : field,
						"must be " + describeType(mismatched.getTargetType()));
			}
			String reason = rootMessage(databind);
			return new FieldViolation(field.isEmpty() ? "body" : field, reason);
		}
		if (cause instanceof JacksonException) {
			return new FieldViolation("body", "is not well-formed JSON");
		}
		return new FieldViolation("body", "is missing or unreadable");
	}

	private static String path(DatabindException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String describeType(Class<?> type) {
		if (type.isEnum()) {
			return "one of " + Arrays.toString(type.getEnumConstants());
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "a whole number";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == java.time.Instant.class) {
			return "an ISO-8601 UTC instant such as 2026-11-21T10:00:00Z";
		}
		if (type == String.class) {
			return "a string";
		}
		if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		return "an object";
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root instanceof JacksonException jackson ? jackson.getOriginalMessage() : root.getMessage();
		return message == null ? "is invalid" : message;
	}

	private static String message(MessageSourceResolvable error) {
		return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
	}

	private static String lastNode(String propertyPath) {
		int dot = propertyPath.indexOf('.');
		return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
	}

	private static boolean isSecurityException(Exception ex) {
		String name = ex.getClass().getName();
		return name.startsWith("org.springframework.security.");
	}

}
