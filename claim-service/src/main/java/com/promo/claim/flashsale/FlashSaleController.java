package com.promo.claim.flashsale;

import java.net.URI;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import com.promo.claim.IdempotencyKeys;
import com.promo.security.CurrentPrincipal;
import com.promo.web.ProblemException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Buyers take entry tokens, order, and read their transactions; the payment side reports payments. */
@RestController
class FlashSaleController {

	record TokenResponse(String token, Instant expiresAt) {
	}

	/**
	 * The token must be JSON text: Jackson would read a number or {@code true} as text, refused as a
	 * forged token (403) instead of a 400 naming the field.
	 */
	record OrderRequest(@JsonDeserialize(using = TextOnly.class) String token) {
	}

	/** A string from a JSON string only; any other value is a 400 naming its field, as an object or array is. */
	static final class TextOnly extends ValueDeserializer<String> {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			return parser.hasToken(JsonToken.VALUE_STRING) ? parser.getString()
					: (String) context.handleUnexpectedToken(String.class, parser);
		}

	}

	record OrderResponse(String transactionId, long price, Instant payBefore, String paymentUrl) {
	}

	record TransactionResponse(String transactionId, String templateId, long price, String status, Instant payBefore,
			Instant paidAt, String code) {

		static TransactionResponse of(Transaction t) {
			return new TransactionResponse(t.transactionId(), Long.toString(t.templateId()), t.price(), t.status().name(),
					t.payBefore(), t.paidAt(), t.code());
		}

	}

	record PaymentRequest(@NotNull @PositiveOrZero Long amount, @NotNull Instant paidAt,
			@NotBlank @Size(max = 128) String providerRef) {
	}

	private final EntryTokens tokens;

	private final FlashOrders orders;

	/** The ledger, waited for while a transaction just ordered is not in it yet. */
	private final LedgerCatchUp ledger;

	private final FlashSalePayments payments;

	private final FlashSaleProperties properties;

	FlashSaleController(EntryTokens tokens, FlashOrders orders, LedgerCatchUp ledger, FlashSalePayments payments,
			FlashSaleProperties properties) {
		this.tokens = tokens;
		this.orders = orders;
		this.ledger = ledger;
		this.payments = payments;
		this.properties = properties;
	}

	@PostMapping("/api/flash-sales/{templateId}/tokens")
	@ResponseStatus(HttpStatus.CREATED)
	TokenResponse token(@PathVariable long templateId, HttpServletRequest request,
			@RequestHeader(name = "X-Human-Check", required = false) String humanProof) {
		EntryTokens.Issued issued = this.tokens.issue(templateId, consumerId(), clientIp(request), humanProof);
		return new TokenResponse(issued.token(), issued.expiresAt());
	}

	/** The Idempotency-Key is kept by the order script itself, under the sale's hash tag (FlashOrders). */
	@PostMapping("/api/flash-sales/{templateId}/orders")
	ResponseEntity<OrderResponse> order(@PathVariable long templateId, @RequestBody(required = false) OrderRequest body,
			@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
		FlashOrders.Answer answer = this.orders.order(templateId, consumerId(), body == null ? null : body.token(),
				idempotencyKey);
		FlashOrders.Placed placed = answer.placed();
		ResponseEntity.BodyBuilder created = ResponseEntity
			.created(URI.create("/api/flash-sales/transactions/" + placed.transactionId()));
		if (answer.replayed()) {
			created.header(FlashSaleExceptionHandler.REPLAYED_HEADER, "true");
		}
		return created
			.body(new OrderResponse(placed.transactionId(), placed.price(), placed.payBefore(), placed.paymentUrl()));
	}

	/** The buyer's own transaction; anyone else's is not found. */
	@GetMapping("/api/flash-sales/transactions/{transactionId}")
	TransactionResponse transaction(@PathVariable String transactionId) {
		long me = consumerId();
		return this.ledger.find(transactionId)
			.filter(t -> t.userId() == me)
			.map(TransactionResponse::of)
			.orElseThrow(() -> ProblemException.notFound("transaction " + transactionId));
	}

	@PostMapping("/internal/flash-sales/transactions/{transactionId}/paid")
	TransactionResponse paid(@PathVariable String transactionId, @Valid @RequestBody PaymentRequest payment) {
		if (transactionId.length() > 64) {
			throw ProblemException.invalidField("transactionId", "must be at most 64 characters");
		}
		return TransactionResponse.of(this.payments.paid(transactionId, payment.amount(), payment.paidAt(),
				payment.providerRef()));
	}

	private static long consumerId() {
		try {
			return Long.parseLong(CurrentPrincipal.id());
		}
		catch (NumberFormatException ex) {
			throw ProblemException.invalidField("sub", "a consumer's id is a string of digits");
		}
	}

	private String clientIp(HttpServletRequest request) {
		String header = this.properties.clientIpHeader();
		if (!header.isEmpty()) {
			String forwarded = request.getHeader(header);
			if (forwarded != null && !forwarded.isBlank()) {
				// the last entry is the one our own proxy added; earlier ones are the client's to forge
				String[] hops = forwarded.split(",");
				return hops[hops.length - 1].trim();
			}
		}
		return request.getRemoteAddr();
	}

}
