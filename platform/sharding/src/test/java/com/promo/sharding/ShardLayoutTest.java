package com.promo.sharding;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardLayoutTest {

	private static ShardingProperties layout(int databases, int tables) {
		return new ShardingProperties("jdbc:mariadb://h/db_{index}", "u", "p", databases, tables, "user_id",
				List.of("user_coupon"), 5);
	}

	@Test
	void consecutiveUserIdsSpreadEvenlyOverEveryNode() {
		for (int[] shape : new int[][] { { 2, 4 }, { 8, 8 } }) {
			ShardLayout layout = new ShardLayout(layout(shape[0], shape[1]), Map.of());
			int nodes = shape[0] * shape[1];
			Map<String, Integer> rows = new HashMap<>();
			for (long user = 1_000_003; user < 1_000_003 + nodes * 10L; user++) {
				rows.merge(layout.nodeOf("user_coupon", user), 1, Integer::sum);
			}
			assertThat(rows).hasSize(nodes).allSatisfy((node, count) -> assertThat(count).isEqualTo(10));
		}
	}

	@Test
	void nodeOfFollowsTheDocumentedFormula() {
		ShardLayout layout = new ShardLayout(layout(2, 4), Map.of());

		assertThat(layout.nodeOf("user_coupon", 0)).isEqualTo("ds_0.user_coupon_0");
		assertThat(layout.nodeOf("user_coupon", 1)).isEqualTo("ds_1.user_coupon_0");
		assertThat(layout.nodeOf("user_coupon", 2)).isEqualTo("ds_0.user_coupon_1");
		assertThat(layout.nodeOf("user_coupon", 9)).isEqualTo("ds_1.user_coupon_0");
	}

	@Test
	void theShardingRuleUsesTheSameFormula() {
		var rule = ShardedDataSourceFactory.shardingRule(layout(8, 8));

		assertThat(rule.getTables()).singleElement()
			.satisfies(table -> assertThat(table.getActualDataNodes()).isEqualTo("ds_${0..7}.user_coupon_${0..7}"));
		assertThat(rule.getShardingAlgorithms().get("by_database").getProps().getProperty("algorithm-expression"))
			.isEqualTo("ds_${user_id % 8}");
		assertThat(rule.getShardingAlgorithms().get("user_coupon_by_table").getProps().getProperty("algorithm-expression"))
			.isEqualTo("user_coupon_${user_id.intdiv(8) % 8}");
	}

	@Test
	void aTemplateWithoutIndexOrAnEmptyLayoutIsRefused() {
		assertThatThrownBy(() -> new ShardingProperties("jdbc:mariadb://h/db", "u", "p", 2, 4, "user_id", List.of(), 5))
			.hasMessageContaining("{index}");
		assertThatThrownBy(() -> new ShardingProperties("jdbc:mariadb://h/db_{index}", "u", "p", 0, 4, "user_id",
				List.of(), 5))
			.hasMessageContaining("at least 1");
	}

}
