package com.promo.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromqlMetricNamesTest {

	@Test
	void aHistogramQuantileNamesItsBucketsButNotItsFunctionsLabelsOrDurations() {
		assertThat(PromqlMetricNames.of("""
				histogram_quantile(0.99, sum by (le, uri) (rate(http_server_requests_seconds_bucket{application=~"claim.*", uri!~"/act{1}"}[30s])))"""))
			.containsExactly("http_server_requests_seconds_bucket");
	}

	@Test
	void bothSidesOfABinaryOperationAreNamedAndMatchingClausesAreNot() {
		assertThat(PromqlMetricNames.of("""
				sum(rate(cache_gets_total{result="hit"}[5m])) by (cache)
				  / ignoring(result) group_left(instance) sum without (result) (rate(cache_gets_total[5m]))
				  * on (application) jvm_info offset 5m > bool 0.5 and up unless absent_over_time(foo:bar[1h:1m])"""))
			.containsExactly("cache_gets_total", "jvm_info", "up", "foo:bar");
	}

	@Test
	void stringsNumbersAndKeywordsAreNotNames() {
		assertThat(PromqlMetricNames.of("""
				label_replace(promo_claims_total, "dst", "$1 (sum) by", "result", "(.*)") # a comment names_nothing
				  + 1e-3 + 0x1f + .5 + Inf * NaN + SUM BY (x) (up)"""))
			.containsExactly("promo_claims_total", "up");
	}

	@Test
	void aSelectorWithoutANameNamesNothing() {
		assertThat(PromqlMetricNames.of("count({__name__=~\"jvm_.*\"}) + vector(1) + time()")).isEmpty();
	}

}
