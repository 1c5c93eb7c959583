package com.promo.web;

/** One invalid input: the field's path as the client sent it (for example {@code validity.days}) and why. */
public record FieldViolation(String field, String message) {
}
