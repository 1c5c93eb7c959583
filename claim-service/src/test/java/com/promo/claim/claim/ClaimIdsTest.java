package com.promo.claim.claim;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimIdsTest {

	@Test
	void aKeyedClaimHasTheSameIdEveryTimeItIsSent() {
		assertThat(ClaimIds.of("42", 7L, "key-1")).isEqualTo(ClaimIds.of("42", 7L, "key-1"))
			.isEqualTo(ClaimIds.derived("42", 7L, "key-1"))
			.hasSize(13);
	}

	@Test
	void anyOtherUserTemplateOrKeyGivesAnotherId() {
		Set<String> ids = new HashSet<>();
		for (int user = 0; user < 50; user++) {
			for (int template = 0; template < 20; template++) {
				for (int key = 0; key < 20; key++) {
					ids.add(ClaimIds.of(String.valueOf(user), template, "k" + key));
				}
			}
		}
		assertThat(ids).hasSize(50 * 20 * 20);
		// the separator keeps ("1", 23) and ("12", 3) apart
		assertThat(ClaimIds.derived("1", 23L, "k")).isNotEqualTo(ClaimIds.derived("12", 3L, "k"));
	}

	@Test
	void aClaimWithoutAKeyIsNewEachTime() {
		assertThat(ClaimIds.of("42", 7L, null)).isNotEqualTo(ClaimIds.of("42", 7L, null));
		assertThat(ClaimIds.of("42", 7L, "")).isNotEqualTo(ClaimIds.of("42", 7L, ""));
	}

}
