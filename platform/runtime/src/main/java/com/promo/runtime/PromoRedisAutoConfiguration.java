package com.promo.runtime;

import io.lettuce.core.cluster.RedisClusterClient;

import org.springframework.beans.factory.config.BeanPostProcessor;
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
import org.springframework.data.redis.core.RedisTemplate;

/**
 * What every service on the Redis Cluster gets: the {@code redis} health component
 * ({@link RedisClusterHealthIndicator} in place of Boot's, which backs off when a bean of this name
 * exists), and Redis templates that hand their callbacks the connection itself.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class,
		before = { DataRedisHealthContributorAutoConfiguration.class, DataRedisReactiveHealthContributorAutoConfiguration.class })
@ConditionalOnClass({ LettuceConnectionFactory.class, RedisClusterClient.class, DataRedisHealthContributorAutoConfiguration.class })
@ConditionalOnBean(LettuceConnectionFactory.class)
@ConditionalOnProperty("spring.data.redis.cluster.nodes")
@EnableConfigurationProperties(PromoRedisProperties.class)
public class PromoRedisAutoConfiguration {

	@Bean
	RedisClusterHealthIndicator redisHealthIndicator(LettuceConnectionFactory connectionFactory, PromoRedisProperties properties) {
		return new RedisClusterHealthIndicator(() -> (RedisClusterClient) connectionFactory.getRequiredNativeClient(),
				properties.healthTimeout());
	}

	/**
	 * Unless told to expose it, a {@link RedisTemplate} wraps the connection in a new JDK proxy on
	 * every call (reflection over its interfaces included), only to stop a callback from closing it.
	 * No callback of ours closes it, and a script call (the rate limiter's, the claim and order
	 * scripts) is one template call: in a JFR profile of the gateway under proxied claims, the proxy
	 * was a seventh of the rate limiter's CPU.
	 */
	@Bean
	static BeanPostProcessor redisTemplatesExposeTheirConnection() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof RedisTemplate<?, ?> template) {
					template.setExposeConnection(true);
				}
				return bean;
			}
		};
	}

}
