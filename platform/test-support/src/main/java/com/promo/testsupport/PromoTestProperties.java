package com.promo.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring Boot test at the real test infrastructure: Redis Cluster, Kafka and the JWT
 * secret of {@link TestTokens}. Databases are per test class (see {@link #database}).
 */
public final class PromoTestProperties {

	private PromoTestProperties() {
	}

	public static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure infra = TestInfrastructure.get();
		registry.add("spring.data.redis.cluster.nodes", infra::redisClusterNodes);
		registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
		registry.add("promo.security.jwt-secret", () -> TestTokens.SECRET);
	}

	/** A fresh database for an unsharded service, as {@code spring.datasource.*}. */
	public static String database(DynamicPropertyRegistry registry, String prefix) {
		TestInfrastructure infra = TestInfrastructure.get();
		String name = infra.createDatabase(prefix);
		registry.add("spring.datasource.url", () -> infra.jdbcUrl(name));
		registry.add("spring.datasource.username", () -> TestInfrastructure.DB_USER);
		registry.add("spring.datasource.password", () -> TestInfrastructure.DB_PASSWORD);
		return name;
	}

	/**
	 * Fresh shard databases for a sharded service, as {@code promo.sharding.*}: the URL template
	 * whose {@code {index}} the sharding library replaces.
	 */
	public static String shardedDatabases(DynamicPropertyRegistry registry, String prefix, int databases) {
		TestInfrastructure infra = TestInfrastructure.get();
		String first = infra.createDatabases(prefix, databases).get(0);
		String template = infra.jdbcUrl(first.substring(0, first.length() - 1) + "{index}");
		registry.add("promo.sharding.url-template", () -> template);
		registry.add("promo.sharding.databases", () -> databases);
		registry.add("promo.sharding.username", () -> TestInfrastructure.DB_USER);
		registry.add("promo.sharding.password", () -> TestInfrastructure.DB_PASSWORD);
		return template;
	}

}
