package com.promo.ratelimit;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

@AutoConfiguration(after = DataRedisAutoConfiguration.class)
public class RateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(StringRedisTemplate.class)
	RateLimiter rateLimiter(StringRedisTemplate redis) {
		return new RateLimiter(redis);
	}

}
