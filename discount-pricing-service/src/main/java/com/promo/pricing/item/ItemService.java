package com.promo.pricing.item;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.promo.contracts.pricing.CrowdType;
import com.promo.contracts.pricing.FanPriceChanged;
import com.promo.pricing.price.PriceCatalog;
import com.promo.web.FieldViolation;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merchants' items and fan prices. Every change locks the item row first, so an item change and a
 * fan-price change never interleave (a fan price is always below the list price it was checked
 * against), and records its event in the outbox in the same transaction. After the commit this
 * instance's price cache forgets the item at once; other instances hear it from the event.
 */
@Service
public class ItemService {

	private final ItemRepository items;

	private final ApplicationEventPublisher events;

	private final PriceCatalog catalog;

	private final Clock clock;

	ItemService(ItemRepository items, ApplicationEventPublisher events, PriceCatalog catalog, Clock clock) {
		this.items = items;
		this.events = events;
		this.catalog = catalog;
		this.clock = clock;
	}

	/** Registers the item for this merchant, or changes it if the merchant is its seller. */
	@Transactional
	public Item upsert(long itemId, long merchantId, ItemContent content) {
		Instant now = this.clock.instant();
		Item registered = Item.register(itemId, merchantId, content, now);
		if (this.items.insertIfAbsent(registered)) {
			published(registered, registered.changed(now));
			return registered;
		}
		Item current = ownedItem(itemId, merchantId);
		if (current.content().equals(content)) {
			return current; // PUT is idempotent: nothing changed, nothing to tell
		}
		if (content.listPrice() != current.content().listPrice()) {
			checkFanPricesStayBelow(itemId, content.listPrice());
		}
		Item changed = current.change(content, now);
		this.items.update(changed);
		published(changed, changed.changed(now));
		return changed;
	}

	@Transactional
	public FanPrice setFanPrice(long itemId, long merchantId, CrowdType crowdType, FanPriceWindow offer) {
		Item item = ownedItem(itemId, merchantId);
		if (offer.price() >= item.content().listPrice()) {
			throw ProblemException.invalidField("price",
					"must be below the item's list price " + item.content().listPrice());
		}
		Instant now = this.clock.instant();
		FanPrice fanPrice = new FanPrice(itemId, crowdType, offer.price(), offer.startTime(), offer.endTime());
		this.items.saveFanPrice(fanPrice, now);
		fanPricesChanged(item, crowdType, fanPrice, now);
		return fanPrice;
	}

	/** Removes a fan price; removing one that is not there changes nothing (and tells nobody). */
	@Transactional
	public void removeFanPrice(long itemId, long merchantId, CrowdType crowdType) {
		Item item = ownedItem(itemId, merchantId);
		if (!this.items.deleteFanPrice(itemId, crowdType)) {
			return;
		}
		fanPricesChanged(item, crowdType, null, this.clock.instant());
	}

	/**
	 * Counts the change on the (locked) item and announces it; {@code fanPrice} null: removed.
	 */
	private void fanPricesChanged(Item item, CrowdType crowdType, FanPrice fanPrice, Instant now) {
		long version = item.rulesVersion() + 1;
		this.items.setRulesVersion(item.id(), version, now);
		String seller = String.valueOf(item.sellerId());
		published(item, new FanPriceChanged(UUID.randomUUID().toString(), String.valueOf(item.id()), seller, crowdType,
				crowdType.crowdId(seller), (fanPrice != null) ? fanPrice.price() : null,
				(fanPrice != null) ? fanPrice.startTime() : null, (fanPrice != null) ? fanPrice.endTime() : null, version,
				now));
	}

	/** The fan prices of one of the merchant's items; someone else's item is not revealed (404). */
	@Transactional(readOnly = true)
	public SellerView fanPrices(long itemId, long merchantId) {
		Item item = this.items.find(itemId)
			.filter(i -> i.isSoldBy(merchantId))
			.orElseThrow(() -> ProblemException.notFound("item " + itemId));
		return new SellerView(item, this.items.fanPrices(itemId));
	}

	/** The merchant's own items (API.md {@code GET /merchant/items}). */
	@Transactional(readOnly = true)
	public PageResponse<Item> ownItems(long merchantId, PageQuery page) {
		return this.items.findBySeller(merchantId, page);
	}

	public record SellerView(Item item, List<FanPrice> fanPrices) {
	}

	/** A fan price as the merchant offers it: the price and its optional window. */
	public record FanPriceWindow(long price, Instant startTime, Instant endTime) {
	}

	private Item ownedItem(long itemId, long merchantId) {
		Item item = this.items.lock(itemId).orElseThrow(() -> ProblemException.notFound("item " + itemId));
		if (!item.isSoldBy(merchantId)) {
			throw new ProblemException(ProblemCode.FORBIDDEN, "item " + itemId + " belongs to another merchant");
		}
		return item;
	}

	/** A lower list price must not leave a fan price at or above it: the merchant lowers those first. */
	private void checkFanPricesStayBelow(long itemId, long listPrice) {
		List<String> blocking = this.items.fanPrices(itemId)
			.stream()
			.filter(f -> f.price() >= listPrice)
			.map(f -> f.crowdType().name())
			.toList();
		if (!blocking.isEmpty()) {
			throw new ProblemException(ProblemCode.INVALID_STATE,
					"the list price " + listPrice + " would not be above the fan prices of " + blocking
							+ "; lower or delete them first",
					List.of(new FieldViolation("listPrice", "must stay above the fan prices of " + blocking)));
		}
	}

	private void published(Item item, Object event) {
		this.events.publishEvent(event);
		this.catalog.evictAfterCommit(item.id());
	}

}
