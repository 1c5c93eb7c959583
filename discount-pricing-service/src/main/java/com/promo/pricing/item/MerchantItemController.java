package com.promo.pricing.item;

import java.time.Instant;
import java.util.List;

import com.promo.contracts.item.PriceUnit;
import com.promo.contracts.pricing.CrowdType;
import com.promo.security.CurrentPrincipal;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The merchant's items and fan prices ({@code /merchant/items/**}, MERCHANT role). */
@RestController
class MerchantItemController {

	record ItemResponse(String itemId, String sellerId, String title, String cityId, long listPrice,
			PriceUnit priceUnit, long deposit, long version, Instant updatedAt) {

		static ItemResponse of(Item item) {
			ItemContent c = item.content();
			return new ItemResponse(String.valueOf(item.id()), String.valueOf(item.sellerId()), c.title(), c.cityId(),
					c.listPrice(), c.priceUnit(), c.deposit(), item.version(), item.updatedAt());
		}

	}

	record FanPriceResponse(CrowdType crowdType, String crowdId, long price, Instant startTime, Instant endTime) {

		static FanPriceResponse of(FanPrice f, long sellerId) {
			return new FanPriceResponse(f.crowdType(), f.crowdType().crowdId(String.valueOf(sellerId)), f.price(),
					f.startTime(), f.endTime());
		}

	}

	record FanPricesResponse(List<FanPriceResponse> items) {
	}

	private final ItemService items;

	MerchantItemController(ItemService items) {
		this.items = items;
	}

	@GetMapping("/merchant/items")
	PageResponse<ItemResponse> list(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.items.ownItems(merchant(), PageQuery.of(page, size)).map(ItemResponse::of);
	}

	@PutMapping("/merchant/items/{itemId}")
	ItemResponse upsert(@PathVariable long itemId, @RequestBody ItemRequests.ItemRequest request) {
		ItemContent content = request.toContent();
		return ItemResponse.of(this.items.upsert(ItemRequests.itemId(itemId), merchant(), content));
	}

	@PutMapping("/merchant/items/{itemId}/fan-prices/{crowdType}")
	FanPriceResponse setFanPrice(@PathVariable long itemId, @PathVariable CrowdType crowdType,
			@RequestBody ItemRequests.FanPriceRequest request) {
		ItemService.FanPriceWindow offer = request.toWindow();
		long merchant = merchant();
		return FanPriceResponse.of(this.items.setFanPrice(ItemRequests.itemId(itemId), merchant, crowdType, offer),
				merchant);
	}

	@DeleteMapping("/merchant/items/{itemId}/fan-prices/{crowdType}")
	ResponseEntity<Void> removeFanPrice(@PathVariable long itemId, @PathVariable CrowdType crowdType) {
		this.items.removeFanPrice(ItemRequests.itemId(itemId), merchant(), crowdType);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/merchant/items/{itemId}/fan-prices")
	FanPricesResponse fanPrices(@PathVariable long itemId) {
		ItemService.SellerView view = this.items.fanPrices(ItemRequests.itemId(itemId), merchant());
		return new FanPricesResponse(
				view.fanPrices().stream().map(f -> FanPriceResponse.of(f, view.item().sellerId())).toList());
	}

	private static long merchant() {
		return Long.parseLong(CurrentPrincipal.id());
	}

}
