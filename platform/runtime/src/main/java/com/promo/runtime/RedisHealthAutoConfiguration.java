package com.promo.runtime;

import io.lettuce.core.cluster.RedisClusterClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The {@code redis} health component of every service on the Redis Cluster:
 * {@link RedisClusterHealthIndicator} in place of Boot's (which backs off when a bean of this name
 * exists).
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class,
		before = { DataRedisHealthContributorAutoConfiguration.class, DataRedisReactiveHealthContributorAutoConfiguration.class })
@ConditionalOnClass({ LettuceConnectionFactory.class, RedisClusterClient.class, DataRedisHealthContributorAutoConfiguration.class })
@ConditionalOnBean(LettuceConnectionFactory.class)
@ConditionalOnProperty("spring.data.redis.cluster.nodes")
@EnableConfigurationProperties(PromoRedisProperties.class)
public class RedisHealthAutoConfiguration {

	@Bean
	RedisClusterHealthIndicator redisHealthIndicator(LettuceConnectionFactory connectionFactory, PromoRedisProperties properties) {
		return new RedisClusterHealthIndicator(() -> (RedisClusterClient) connectionFactory.getRequiredNativeClient(),
				properties.healthTimeout());
	}

}
