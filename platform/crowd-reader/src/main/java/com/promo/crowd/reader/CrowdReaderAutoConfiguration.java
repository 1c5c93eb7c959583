package com.promo.crowd.reader;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

@AutoConfiguration(after = DataRedisAutoConfiguration.class)
public class CrowdReaderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CrowdMembershipReader crowdMembershipReader(StringRedisTemplate redis, ObjectProvider<Clock> clock) {
		return new CrowdMembershipReader(redis, clock.getIfAvailable(Clock::systemUTC));
	}

}
