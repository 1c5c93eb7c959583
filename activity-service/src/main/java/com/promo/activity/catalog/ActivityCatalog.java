package com.promo.activity.catalog;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.promo.activity.ActivityProperties;
import com.promo.activity.activity.Activity;
import com.promo.activity.activity.ActivityService;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The C-side read of an activity: a near cache in this instance (Caffeine), backed by a shared
 * Redis entry, backed by the database. Activity events evict both layers (see
 * {@link CatalogInvalidation}); DRAFT activities are never served nor cached.
 */
@Component
public class ActivityCatalog {

	static final String KEY_PREFIX = "activity:public:";

	private final ActivityService activities;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final ActivityProperties properties;

	private final Cache<Long, PublicActivity> near;

	ActivityCatalog(ActivityService activities, StringRedisTemplate redis, JsonMapper json,
			ActivityProperties properties, MeterRegistry meters) {
		this.activities = activities;
		this.redis = redis;
		this.json = json;
		this.properties = properties;
		this.near = Caffeine.newBuilder()
			.expireAfterWrite(properties.nearCacheTtl())
			.maximumSize(properties.nearCacheSize())
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.near, "activity.public");
	}

	PublicActivity get(long id) {
		PublicActivity activity = this.near.get(id, key -> fromRedis(key).or(() -> fromDatabase(key)).orElse(null));
		if (activity == null) {
			throw ProblemException.notFound("activity " + id);
		}
		return activity;
	}

	void evict(long id) {
		this.near.invalidate(id);
		this.redis.delete(KEY_PREFIX + id);
	}

	private Optional<PublicActivity> fromRedis(long id) {
		return Optional.ofNullable(this.redis.opsForValue().get(KEY_PREFIX + id))
			.map(value -> this.json.readValue(value, PublicActivity.class));
	}

	private Optional<PublicActivity> fromDatabase(long id) {
		Activity activity;
		try {
			activity = this.activities.get(id);
		}
		catch (ProblemException notFound) {
			return Optional.empty();
		}
		if (activity.storedStatus() == ActivityStatus.DRAFT) {
			return Optional.empty();
		}
		PublicActivity published = PublicActivity.of(activity);
		this.redis.opsForValue().set(KEY_PREFIX + id, this.json.writeValueAsString(published), this.properties.sharedCacheTtl());
		return Optional.of(published);
	}

}
