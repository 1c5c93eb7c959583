package com.promo.sharding;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shard layout of a service's sharded tables: {@code databases} physical databases, each with
 * {@code tablesPerDatabase} copies of every sharded table. Production runs 8 x 8 (the seed's
 * five-year model), local and tests 2 x 4; only configuration changes between them.
 * <p>
 * A row with sharding value {@code v} lives in database {@code v % databases}, table
 * {@code (v / databases) % tablesPerDatabase}, so consecutive ids spread over every database
 * first and then over the tables.
 *
 * @param urlTemplate JDBC URL of a physical database, {@code {index}} standing for its number
 * @param username database user
 * @param password database password
 * @param databases number of physical databases
 * @param tablesPerDatabase copies of each sharded table in every database
 * @param shardingColumn the column all sharded tables are split by (the user id)
 * @param tables the logical names of the sharded tables
 * @param maxPoolSizePerDatabase connection pool size of each physical database
 */
@ConfigurationProperties("promo.sharding")
public record ShardingProperties(String urlTemplate, @DefaultValue("promo") String username,
		@DefaultValue("promo") String password, @DefaultValue("2") int databases,
		@DefaultValue("4") int tablesPerDatabase, @DefaultValue("user_id") String shardingColumn,
		@DefaultValue List<String> tables, @DefaultValue("10") int maxPoolSizePerDatabase) {

	public ShardingProperties {
		if (urlTemplate == null || !urlTemplate.contains("{index}")) {
			throw new IllegalArgumentException("promo.sharding.url-template must contain {index}, got " + urlTemplate);
		}
		if (databases < 1 || tablesPerDatabase < 1) {
			throw new IllegalArgumentException("promo.sharding.databases and tables-per-database must be at least 1");
		}
		tables = List.copyOf(tables);
	}

	public String url(int index) {
		return this.urlTemplate.replace("{index}", Integer.toString(index));
	}

	/** The name ShardingSphere knows physical database {@code index} by. */
	public static String dataSourceName(int index) {
		return "ds_" + index;
	}

}
