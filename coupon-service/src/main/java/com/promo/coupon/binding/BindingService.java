package com.promo.coupon.binding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.promo.contracts.coupon.TemplateStatus;
import com.promo.coupon.CouponProperties;
import com.promo.coupon.listing.ListingView;
import com.promo.coupon.listing.ListingViews;
import com.promo.coupon.template.TemplateService;
import com.promo.coupon.template.TemplateService.TemplateInActivity;
import com.promo.web.FieldViolation;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Merchants bind their templates to their own listings. Each listing is bound in its own short
 * transaction, so one refusal (someone else's listing, a listing at its cap) never blocks the rest.
 */
@Service
public class BindingService {

	/** How often a binding transaction that lost a deadlock is run again before the caller gets 503. */
	private static final int DEADLOCK_ATTEMPTS = 5;

	public record Rejection(String listingId, ProblemCode code) {
	}

	public record BindResult(List<String> bound, List<Rejection> rejected) {
	}

	/**
	 * An active binding of a template: its listing, when it was bound, and how many of the
	 * listing's {@code bindingCap} active bindings the listing uses now (this one included).
	 */
	public record BindingView(String listingId, Instant createdAt, int activeBindingsOnListing, int bindingCap) {
	}

	static final int MAX_LISTINGS_PER_REQUEST = 100;

	private final TemplateService templates;

	private final ListingViews listings;

	private final BindingRepository bindings;

	private final TransactionTemplate transactions;

	private final CouponProperties properties;

	private final ListingCatalog catalog;

	BindingService(TemplateService templates, ListingViews listings, BindingRepository bindings,
			TransactionTemplate transactions, CouponProperties properties, ListingCatalog catalog) {
		this.templates = templates;
		this.listings = listings;
		this.bindings = bindings;
		this.transactions = transactions;
		this.properties = properties;
		this.catalog = catalog;
	}

	public BindResult bind(long merchantId, long templateId, List<String> listingIds) {
		Set<Long> requested = parseListingIds(listingIds);
		TemplateInActivity current = this.templates.ownForChange(merchantId, templateId);
		requireBindable(current);
		List<String> bound = new ArrayList<>();
		List<Rejection> rejected = new ArrayList<>();
		for (long listingId : requested) {
			Optional<ProblemCode> refusal = bindOne(merchantId, templateId, listingId);
			if (refusal.isPresent()) {
				rejected.add(new Rejection(String.valueOf(listingId), refusal.get()));
			}
			else {
				bound.add(String.valueOf(listingId));
			}
		}
		this.catalog.evictAll();
		return new BindResult(bound, rejected);
	}

	/** The active bindings of one of the merchant's templates; someone else's template is not found. */
	public PageResponse<BindingView> activeBindings(long merchantId, long templateId, PageQuery page) {
		this.templates.getOwn(merchantId, templateId);
		int cap = this.properties.maxActiveBindingsPerListing();
		return this.bindings.findActive(templateId, page)
			.map(b -> new BindingView(String.valueOf(b.listingId()), b.createdAt(), b.activeBindingsOnListing(), cap));
	}

	public void unbind(long merchantId, long templateId, long listingId) {
		this.templates.ownForChange(merchantId, templateId);
		retryingDeadlocks(() -> this.transactions.execute(status -> this.bindings.delete(templateId, listingId)));
		this.catalog.evictAll();
	}

	private Optional<ProblemCode> bindOne(long merchantId, long templateId, long listingId) {
		Optional<ListingView> listing = this.listings.find(listingId);
		if (listing.isEmpty()) {
			return Optional.of(ProblemCode.NOT_FOUND);
		}
		if (listing.get().sellerId() != merchantId) {
			return Optional.of(ProblemCode.FORBIDDEN);
		}
		if (this.bindings.isActive(templateId, listingId)) {
			return Optional.empty(); // already bound: binding again changes nothing
		}
		this.bindings.ensureCounter(listingId);
		return retryingDeadlocks(() -> this.transactions.execute(status -> {
			// checked again under the template's row lock: a termination that committed since the
			// request's first check refuses the rest of its listings, one in progress waits for this
			// binding and then frees it (without the lock, it left active bindings behind)
			if (!this.templates.holdOpen(templateId)) {
				status.setRollbackOnly();
				return Optional.of(ProblemCode.INVALID_STATE);
			}
			// the binding's row before the listing's counter, the order an unbind and a retirement
			// lock them in (taking the counter first deadlocked with an unbind of the same binding)
			if (!this.bindings.insertActive(templateId, listingId, this.templates.now())) {
				return Optional.<ProblemCode>empty(); // a concurrent request bound it first
			}
			if (!this.bindings.takeSlot(listingId, this.properties.maxActiveBindingsPerListing())) {
				status.setRollbackOnly(); // the new binding row goes with the rollback
				return Optional.of(ProblemCode.LIMIT_REACHED);
			}
			return Optional.<ProblemCode>empty();
		}));
	}

	/**
	 * Runs one binding transaction again when InnoDB chose it as a deadlock's loser (it was rolled
	 * back whole): binds, unbinds and retirements of bindings on one listing take the binding's row,
	 * its index gaps and the listing's counter, and gap locks can still cross between templates.
	 */
	private static <T> T retryingDeadlocks(Supplier<T> transaction) {
		for (int attempt = 1;; attempt++) {
			try {
				return transaction.get();
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == DEADLOCK_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private void requireBindable(TemplateInActivity current) {
		TemplateStatus status = current.template().statusAt(current.activity(), this.templates.now());
		if (status.isFinal()) {
			throw new ProblemException(ProblemCode.INVALID_STATE, "a " + status + " template cannot be bound");
		}
	}

	private static Set<Long> parseListingIds(List<String> listingIds) {
		if (listingIds == null || listingIds.isEmpty() || listingIds.size() > MAX_LISTINGS_PER_REQUEST) {
			throw ProblemException.invalidField("listingIds", "must list 1-" + MAX_LISTINGS_PER_REQUEST + " listing ids");
		}
		Set<Long> ids = new LinkedHashSet<>();
		List<FieldViolation> violations = new ArrayList<>();
		for (int i = 0; i < listingIds.size(); i++) {
			String id = listingIds.get(i);
			if (id == null || !id.matches("[0-9]{1,18}")) {
				violations.add(new FieldViolation("listingIds[" + i + "]", "must be a listing id (digits)"));
			}
			else {
				ids.add(Long.parseLong(id));
			}
		}
		if (!violations.isEmpty()) {
			throw new ProblemException(ProblemCode.VALIDATION_FAILED, "invalid listing ids", violations);
		}
		return ids;
	}

}
