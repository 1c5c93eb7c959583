package com.promo.sharding;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;

/**
 * The physical databases behind a sharded service, for what must bypass ShardingSphere: the
 * per-database migrations, health and drift checks, and tests that look at where rows landed.
 */
public record ShardLayout(ShardingProperties properties, Map<String, DataSource> physical) implements DisposableBean {

	/** The database and table a sharding value is routed to, as {@code ds_i.table_j}. */
	public String nodeOf(String table, long shardingValue) {
		long database = shardingValue % this.properties.databases();
		long tableIndex = (shardingValue / this.properties.databases()) % this.properties.tablesPerDatabase();
		return ShardingProperties.dataSourceName((int) database) + "." + table + "_" + tableIndex;
	}

	@Override
	public void destroy() throws Exception {
		for (DataSource dataSource : this.physical.values()) {
			if (dataSource instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

}
