package com.promo.scheduling;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import javax.sql.DataSource;

import com.promo.sharding.ShardLayout;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * One scheduler per cluster: ShedLock's JDBC lock provider on the service's own database, table
 * {@code shedlock} (each service creates it in its Flyway migrations), timed by the database's
 * clock ({@code usingDbTime()}) so that the instances' clocks never decide who holds a lock.
 * Periodic jobs take their lock through {@link ClusterJobs}; {@code @SchedulerLock} works too, with
 * {@value #DEFAULT_LOCK_AT_MOST_FOR} as its default {@code lockAtMostFor}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		afterName = "com.promo.sharding.ShardingAutoConfiguration")
@ConditionalOnBean(DataSource.class)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = SchedulingAutoConfiguration.DEFAULT_LOCK_AT_MOST_FOR)
public class SchedulingAutoConfiguration {

	static final String DEFAULT_LOCK_AT_MOST_FOR = "PT10M";

	/**
	 * A sharded service keeps the lock table with its other single tables in its first physical
	 * database, and the provider talks to that database directly rather than through
	 * ShardingSphere: the lock then needs no routing rule and no SQL parsing (ShedLock's
	 * {@code UTC_TIMESTAMP(3)} / {@code TIMESTAMPADD} statements), and keeps working whatever the
	 * sharding rules become.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ShardLayout.class)
	@ConditionalOnBean(ShardLayout.class)
	static class Sharded {

		@Bean
		@ConditionalOnMissingBean
		LockProvider lockProvider(ShardLayout layout) {
			return jdbcLockProvider(layout.firstDatabase());
		}

	}

	@Bean
	@ConditionalOnMissingBean
	LockProvider lockProvider(DataSource dataSource) {
		return jdbcLockProvider(dataSource);
	}

	@Bean
	@ConditionalOnMissingBean
	LockingTaskExecutor lockingTaskExecutor(LockProvider lockProvider) {
		return new DefaultLockingTaskExecutor(lockProvider);
	}

	@Bean
	@ConditionalOnMissingBean
	ClusterJobs clusterJobs(LockingTaskExecutor executor, MeterRegistry meters) {
		return new ClusterJobs(executor, meters);
	}

	static LockProvider jdbcLockProvider(DataSource dataSource) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.usingDbTime()
			.withLockedByValue(instanceName())
			.build());
	}

	/**
	 * Who holds a lock: host and process, plus a random part so that two instances on one host (or
	 * two application contexts in one JVM) never release each other's lock.
	 */
	static String instanceName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
				+ UUID.randomUUID().toString().substring(0, 8);
	}

}
