package com.promo.sharding;

import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * Replaces the service's data source with a ShardingSphere one when {@code promo.sharding.url-template}
 * is set: the physical databases are migrated first, then the sharded data source is the primary
 * {@link DataSource} every repository and JdbcTemplate uses. Boot's own Flyway stays off in such
 * services ({@code spring.flyway.enabled=false}): it would migrate through ShardingSphere.
 */
@AutoConfiguration(before = { DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class })
@ConditionalOnProperty("promo.sharding.url-template")
@EnableConfigurationProperties(ShardingProperties.class)
public class ShardingAutoConfiguration {

	@Bean
	ShardLayout shardLayout(ShardingProperties properties, Environment environment) {
		String name = environment.getProperty("spring.application.name", "promo");
		Map<String, DataSource> physical = ShardedDataSourceFactory.physicalDataSources(properties, name);
		ShardedDataSourceFactory.migrate(properties, physical);
		return new ShardLayout(properties, physical);
	}

	/**
	 * The physical pools are no beans, so Boot's Hikari metrics never see them: their
	 * {@code hikaricp_*} metrics (tag {@code pool}: {@code <application>-ds_N}) come from here, for
	 * the connection-pool dashboard. A pool that is also a bean (crowd-sync's batch data source) and
	 * was bound already is left alone, as Boot leaves it.
	 */
	@Bean
	MeterBinder shardPoolMetrics(ShardLayout layout) {
		return (MeterRegistry registry) -> layout.physical().values().forEach(dataSource -> {
			if (dataSource instanceof HikariDataSource hikari && hikari.getMetricRegistry() == null
					&& hikari.getMetricsTrackerFactory() == null) {
				hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
			}
		});
	}

	@Bean
	@Primary
	DataSource dataSource(ShardLayout layout, Environment environment) throws SQLException {
		String logicalDatabase = environment.getProperty("spring.application.name", "promo").replace('-', '_');
		return ShardedDataSourceFactory.shardingDataSource(logicalDatabase, layout.properties(), layout.physical());
	}

}
