package com.promo.sharding;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.shardingsphere.driver.api.ShardingSphereDataSourceFactory;
import org.apache.shardingsphere.infra.algorithm.core.config.AlgorithmConfiguration;
import org.apache.shardingsphere.infra.config.rule.RuleConfiguration;
import org.apache.shardingsphere.sharding.api.config.ShardingRuleConfiguration;
import org.apache.shardingsphere.sharding.api.config.rule.ShardingTableRuleConfiguration;
import org.apache.shardingsphere.sharding.api.config.strategy.sharding.StandardShardingStrategyConfiguration;
import org.apache.shardingsphere.single.config.SingleRuleConfiguration;

/**
 * Builds the physical data sources of a layout, migrates each with Flyway, and puts one
 * ShardingSphere-JDBC data source in front of them. Sharded tables are routed by the sharding
 * column with INLINE expressions; every other table is a single table in the first database.
 */
public final class ShardedDataSourceFactory {

	private ShardedDataSourceFactory() {
	}

	public static Map<String, DataSource> physicalDataSources(ShardingProperties properties, String poolNamePrefix) {
		Map<String, DataSource> dataSources = new LinkedHashMap<>();
		for (int i = 0; i < properties.databases(); i++) {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setPoolName(poolNamePrefix + "-" + ShardingProperties.dataSourceName(i));
			dataSource.setJdbcUrl(properties.url(i));
			dataSource.setUsername(properties.username());
			dataSource.setPassword(properties.password());
			dataSource.setMaximumPoolSize(properties.maxPoolSizePerDatabase());
			// as spring.datasource.hikari.connection-timeout of promo-service-defaults.yml for the
			// services' own pools: a request and the readiness check fail after 5 s, not Hikari's 30 s
			dataSource.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
			dataSources.put(ShardingProperties.dataSourceName(i), dataSource);
		}
		return dataSources;
	}

	public static void migrate(ShardingProperties properties, Map<String, DataSource> physical) {
		for (int i = 0; i < properties.databases(); i++) {
			ShardedMigrations.migrate(physical.get(ShardingProperties.dataSourceName(i)), i,
					properties.tablesPerDatabase());
		}
	}

	public static DataSource shardingDataSource(String logicalDatabase, ShardingProperties properties,
			Map<String, DataSource> physical) throws SQLException {
		Properties props = new Properties();
		props.setProperty("sql-show", "false");
		props.setProperty("check-table-metadata-enabled", "false");
		return ShardingSphereDataSourceFactory.createDataSource(logicalDatabase, null, physical,
				List.<RuleConfiguration>of(shardingRule(properties),
						new SingleRuleConfiguration(List.of(ShardingProperties.dataSourceName(0) + ".*"),
								ShardingProperties.dataSourceName(0))),
				props);
	}

	static ShardingRuleConfiguration shardingRule(ShardingProperties properties) {
		int databases = properties.databases();
		int tables = properties.tablesPerDatabase();
		String column = properties.shardingColumn();
		ShardingRuleConfiguration rule = new ShardingRuleConfiguration();
		rule.getShardingAlgorithms()
			.put("by_database", inline("ds_${" + column + " % " + databases + "}"));
		for (String table : properties.tables()) {
			String algorithm = table + "_by_table";
			rule.getShardingAlgorithms()
				.put(algorithm, inline(table + "_${" + column + ".intdiv(" + databases + ") % " + tables + "}"));
			String nodes = "ds_${0.." + (databases - 1) + "}." + table + "_${0.." + (tables - 1) + "}";
			ShardingTableRuleConfiguration tableRule = new ShardingTableRuleConfiguration(table, nodes);
			tableRule.setDatabaseShardingStrategy(new StandardShardingStrategyConfiguration(column, "by_database"));
			tableRule.setTableShardingStrategy(new StandardShardingStrategyConfiguration(column, algorithm));
			rule.getTables().add(tableRule);
		}
		return rule;
	}

	private static AlgorithmConfiguration inline(String expression) {
		Properties props = new Properties();
		props.setProperty("algorithm-expression", expression);
		return new AlgorithmConfiguration("INLINE", props);
	}

}
