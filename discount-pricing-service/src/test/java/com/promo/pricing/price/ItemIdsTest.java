package com.promo.pricing.price;

import com.promo.web.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The {@code itemIds} parameter of {@code GET /api/prices}: distinct ids in order, or a problem naming the field. */
class ItemIdsTest {

	@Test
	void idsAreDistinctInTheOrderGivenWithSpacesAllowed() {
		assertThat(PriceController.parseItemIds("3, 1 ,3,2")).containsExactly(3L, 1L, 2L);
		assertThat(PriceController.parseItemIds("999999999999999999")).containsExactly(999_999_999_999_999_999L);
	}

	@Test
	void anythingButPositiveIdsOfAtMost18DigitsIsRefused() {
		for (String bad : new String[] { "", ",", "1,", ",1", "1,,2", "0", "000", "-1", "+1", "1a", "1 2", "1.5",
				"1234567890123456789", "٣" }) {
			assertThatExceptionOfType(ProblemException.class).as("'%s'", bad)
				.isThrownBy(() -> PriceController.parseItemIds(bad))
				.withMessageContaining("itemIds");
		}
	}

	@Test
	void atMostOneHundredDistinctItems() {
		StringBuilder hundred = new StringBuilder("1");
		for (int i = 2; i <= 100; i++) {
			hundred.append(',').append(i);
		}
		assertThat(PriceController.parseItemIds(hundred + ",1")).hasSize(100);
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> PriceController.parseItemIds(hundred + ",101"))
			.withMessageContaining("at most 100");
	}

}
