package com.promo.coupon.binding;

import java.util.List;

import com.promo.coupon.binding.BindingService.BindResult;
import com.promo.coupon.binding.BindingService.BindingView;
import com.promo.security.CurrentPrincipal;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Merchants bind their templates to their listings, list the active bindings and unbind them. */
@RestController
@RequestMapping("/merchant/coupon-templates/{templateId}/bindings")
class BindingController {

	record BindRequest(List<String> listingIds) {
	}

	private final BindingService bindings;

	BindingController(BindingService bindings) {
		this.bindings = bindings;
	}

	@PostMapping
	BindResult bind(@PathVariable long templateId, @RequestBody BindRequest request) {
		return this.bindings.bind(merchant(), templateId, request.listingIds());
	}

	@GetMapping
	PageResponse<BindingView> list(@PathVariable long templateId, @RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.bindings.activeBindings(merchant(), templateId, PageQuery.of(page, size));
	}

	@DeleteMapping("/{listingId}")
	ResponseEntity<Void> unbind(@PathVariable long templateId, @PathVariable long listingId) {
		this.bindings.unbind(merchant(), templateId, listingId);
		return ResponseEntity.noContent().build();
	}

	private static long merchant() {
		return Long.parseLong(CurrentPrincipal.id());
	}

}
