package com.promo.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryEncodingTest {

	@Test
	void properlyEncodedUtf8Passes() {
		assertThat(QueryEncoding.isValid(null)).isTrue();
		assertThat(QueryEncoding.isValid("itemIds=1,2&page=0")).isTrue();
		assertThat(QueryEncoding.isValid("q=caf%C3%A9&x=%2F")).isTrue();
	}

	@Test
	void brokenEscapesAndBytesThatAreNotUtf8AreRefused() {
		assertThat(QueryEncoding.isValid("x=%zz")).isFalse();
		assertThat(QueryEncoding.isValid("x=%4")).isFalse();
		assertThat(QueryEncoding.isValid("x=%")).isFalse();
		assertThat(QueryEncoding.isValid("x=%C3")).as("half a UTF-8 sequence").isFalse();
		assertThat(QueryEncoding.isValid("x=%FF")).isFalse();
	}

}
