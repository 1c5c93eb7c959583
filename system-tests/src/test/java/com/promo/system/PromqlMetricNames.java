package com.promo.system;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The metric names a PromQL expression selects, read with a small lexer: string literals, label
 * matchers ({@code {...}}), range and subquery brackets ({@code [...]}), numbers and durations,
 * the label lists of {@code by}/{@code without}/{@code on}/{@code ignoring}/{@code group_left}/
 * {@code group_right}, keywords, aggregation operators and function calls are not metric names;
 * every other identifier is. Prometheus itself judges whether the expression parses: this only
 * has to find the names, so that a dashboard check can ask whether Prometheus knows each one.
 */
final class PromqlMetricNames {

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");

	private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

	private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
			"count", "count_values", "bottomk", "topk", "quantile");

	private final String expression;

	private int at;

	private PromqlMetricNames(String expression) {
		this.expression = expression;
	}

	static Set<String> of(String expression) {
		return new PromqlMetricNames(expression).names();
	}

	private Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		while (this.at < this.expression.length()) {
			char c = this.expression.charAt(this.at);
			if (c == '"' || c == '\'' || c == '`') {
				skipString(c);
			}
			else if (c == '{') {
				skipGroup('{', '}');
			}
			else if (c == '[') {
				skipGroup('[', ']');
			}
			else if (c == '#') {
				skipComment();
			}
			else if (Character.isDigit(c) || (c == '.' && this.at + 1 < this.expression.length()
					&& Character.isDigit(this.expression.charAt(this.at + 1)))) {
				skipNumber();
			}
			else if (isIdentifierStart(c)) {
				String word = identifier();
				String keyword = word.toLowerCase(Locale.ROOT); // PromQL's keywords ignore case
				if (LABEL_LISTS.contains(keyword)) {
					if (nextNonBlank() == '(') {
						skipGroup('(', ')');
					}
				}
				else if (!KEYWORDS.contains(keyword) && !AGGREGATIONS.contains(keyword) && nextNonBlank() != '(') {
					names.add(word);
				}
			}
			else {
				this.at++;
			}
		}
		return names;
	}

	private void skipString(char quote) {
		this.at++;
		while (this.at < this.expression.length()) {
			char c = this.expression.charAt(this.at++);
			if (c == '\\' && quote != '`') {
				this.at++;
			}
			else if (c == quote) {
				return;
			}
		}
	}

	/** Skips a bracketed group and everything in it, strings with brackets inside included. */
	private void skipGroup(char open, char close) {
		int depth = 0;
		while (this.at < this.expression.length()) {
			char c = this.expression.charAt(this.at);
			if (c == '"' || c == '\'' || c == '`') {
				skipString(c);
				continue;
			}
			this.at++;
			if (c == open) {
				depth++;
			}
			else if (c == close && --depth == 0) {
				return;
			}
		}
	}

	private void skipComment() {
		while (this.at < this.expression.length() && this.expression.charAt(this.at) != '\n') {
			this.at++;
		}
	}

	/** 0.99, 1e3, 0x1f, 5m, 1h30m: digits, letters and dots, never a name. */
	private void skipNumber() {
		while (this.at < this.expression.length()
				&& (Character.isLetterOrDigit(this.expression.charAt(this.at)) || this.expression.charAt(this.at) == '.')) {
			this.at++;
		}
	}

	private String identifier() {
		int start = this.at;
		while (this.at < this.expression.length() && isIdentifierPart(this.expression.charAt(this.at))) {
			this.at++;
		}
		return this.expression.substring(start, this.at);
	}

	/** The next character that is not white space (without consuming it), or 0 at the end. */
	private char nextNonBlank() {
		int i = this.at;
		while (i < this.expression.length() && Character.isWhitespace(this.expression.charAt(i))) {
			i++;
		}
		if (i < this.expression.length() && this.expression.charAt(i) == '(') {
			this.at = i;
			return '(';
		}
		return i < this.expression.length() ? this.expression.charAt(i) : 0;
	}

	private static boolean isIdentifierStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
	}

	private static boolean isIdentifierPart(char c) {
		return isIdentifierStart(c) || (c >= '0' && c <= '9');
	}

}
