package com.promo.activity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of activity-service.
 *
 * @param lifecycleInterval how often the scheduler persists the clock-driven transitions (reads
 * report the clock's status at once in any case)
 * @param lifecycleBatchSize how many due activities one scheduler round moves per query
 * @param nearCacheTtl how long an instance keeps a public activity in memory (events evict sooner)
 * @param nearCacheSize how many public activities an instance keeps in memory
 * @param sharedCacheTtl how long a public activity stays in the shared Redis cache
 */
@ConfigurationProperties("promo.activity")
public record ActivityProperties(@DefaultValue("60s") Duration lifecycleInterval,
		@DefaultValue("500") int lifecycleBatchSize, @DefaultValue("60s") Duration nearCacheTtl,
		@DefaultValue("10000") long nearCacheSize, @DefaultValue("10m") Duration sharedCacheTtl) {
}
