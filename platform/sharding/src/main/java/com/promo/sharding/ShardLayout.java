package com.promo.sharding;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;

/**
 * The physical databases behind a sharded service, for what must bypass ShardingSphere: the
 * per-database migrations, health and drift checks, and tests that look at where rows landed.
 */
public record ShardLayout(ShardingProperties properties, Map<String, DataSource> physical) implements DisposableBean {

	/** A physical table: the data source it lives in and its name there. */
	public record Node(String dataSource, String table) {

		@Override
		public String toString() {
			return this.dataSource + "." + this.table;
		}

	}

	/** The database and table a sharding value is routed to, as {@code ds_i.table_j}. */
	public String nodeOf(String table, long shardingValue) {
		return node(table, shardingValue).toString();
	}

	/** The physical table a sharding value is routed to (the same rule as ShardingSphere's). */
	public Node node(String table, long shardingValue) {
		long database = shardingValue % this.properties.databases();
		long tableIndex = (shardingValue / this.properties.databases()) % this.properties.tablesPerDatabase();
		return new Node(ShardingProperties.dataSourceName((int) database), table + "_" + tableIndex);
	}

	/** The physical data source of this name ({@code ds_0} holds the single tables). */
	public DataSource dataSource(String name) {
		DataSource dataSource = this.physical.get(name);
		if (dataSource == null) {
			throw new IllegalArgumentException("no data source " + name);
		}
		return dataSource;
	}

	/** The first physical database, where the service's single (unsharded) tables live. */
	public DataSource firstDatabase() {
		return dataSource(ShardingProperties.dataSourceName(0));
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
