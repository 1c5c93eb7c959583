package com.promo.crowd.relation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CrowdIdTest {

	@Test
	void parsesTheThreeCrowdTypesOfASeller() {
		assertThat(CrowdId.parse("1001_all_fans")).contains(new CrowdId(1001, CrowdType.ALL_FANS));
		assertThat(CrowdId.parse("7_old_fans")).contains(new CrowdId(7, CrowdType.OLD_FANS));
		assertThat(CrowdId.parse("7_buy_fans").orElseThrow().toString()).isEqualTo("7_buy_fans");
	}

	@Test
	void rejectsAnythingElse() {
		for (String bad : new String[] { null, "", "_all_fans", "x1_all_fans", "1_fans", "1_ALL_FANS", "1all_fans",
				"1234567890123456789_all_fans", "1_all_fans_" }) {
			assertThat(CrowdId.parse(bad)).as(bad).isEmpty();
		}
	}

}
