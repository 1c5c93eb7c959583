package com.promo.pricing.price;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.promo.pricing.PricingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Items with their fan prices, near this instance (Caffeine, bounded): the hot path reads memory
 * only. A miss loads every missing item of the request with one database read (never Redis, so a
 * price request stays at exactly one Redis command, the membership read) and caches what exists
 * and what does not (unknown ids are asked once). Item events evict entries in every instance.
 */
@Component
public class PriceCatalog {

	private final PricedItems database;

	private final Cache<Long, Optional<PricedItem>> near;

	/**
	 * Counts evictions. A load that overlapped one may have read the state before the change, so
	 * it evicts what it cached again: a stale entry never outlives the event that should have
	 * removed it.
	 */
	private final AtomicLong evictions = new AtomicLong();

	PriceCatalog(PricedItems database, PricingProperties properties, MeterRegistry meters) {
		this.database = database;
		this.near = Caffeine.newBuilder()
			.maximumSize(properties.nearCacheSize())
			.expireAfterWrite(properties.nearCacheTtl())
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.near, "pricing.items");
	}

	/** The items that exist among {@code itemIds}, by id. */
	public Map<Long, PricedItem> items(Collection<Long> itemIds) {
		Map<Long, Optional<PricedItem>> found = new HashMap<>(this.near.getAllPresent(itemIds));
		if (found.size() < itemIds.size()) {
			List<Long> missing = new ArrayList<>(itemIds);
			missing.removeAll(found.keySet());
			found.putAll(load(missing));
		}
		Map<Long, PricedItem> items = new HashMap<>();
		found.forEach((id, item) -> item.ifPresent(i -> items.put(id, i)));
		return items;
	}

	public void evict(long itemId) {
		this.evictions.incrementAndGet();
		this.near.invalidate(itemId);
	}

	/** Evicts once the current transaction commits (at once without one). */
	public void evictAfterCommit(long itemId) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			evict(itemId);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				evict(itemId);
			}
		});
	}

	private Map<Long, Optional<PricedItem>> load(List<Long> missing) {
		long evictionsBefore = this.evictions.get();
		Map<Long, PricedItem> loaded = this.database.load(missing);
		Map<Long, Optional<PricedItem>> result = new HashMap<>();
		missing.forEach(id -> result.put(id, Optional.ofNullable(loaded.get(id))));
		this.near.putAll(result);
		if (this.evictions.get() != evictionsBefore) {
			this.near.invalidateAll(missing);
		}
		return result;
	}

}
