package com.promo.claim.flashsale;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of flash sales ({@code promo.flash-sale.*}).
 *
 * @param tokenSecrets HMAC keys of entry tokens (each at least 32 bytes): the first signs, the others
 * verify (until {@code previousKeysUntil}, when set)
 * @param tokenTtl how long an entry token is valid
 * @param previousKeysUntil when set, the keys after the first admit only tokens expiring by then: a
 * rotation promotes the new key with this set to the end of the roll plus one token lifetime, and
 * the old key admits nothing afterwards, on every instance and across restarts, even if it is never
 * dropped
 * @param paymentWindow how long a reservation waits for its payment ({@code payBefore})
 * @param paymentUrlTemplate where the buyer pays; {@code {transactionId}} is replaced
 * @param userTokenBudget entry tokens one user may take per {@code tokenBudgetPeriod}
 * @param ipTokenBudget entry tokens one client IP may take per {@code tokenBudgetPeriod}
 * @param tokenBudgetPeriod the period of both token budgets
 * @param clientIpHeader the header that carries the client's address ({@code X-Forwarded-For} behind
 * the gateway; its last entry counts, the one the gateway added); empty: the connection's remote
 * address
 * @param humanCheck whether token issuance asks the {@link HumanCheck} (a captcha verifier)
 * @param expiryInterval how often unpaid reservations past {@code payBefore} are released
 * @param expiryBatch how many due reservations one expiry pass takes
 * @param catalogTtl how long an instance keeps a sale's settings in memory
 * @param handoffRedriveAfter how old a reservation must be whose hand-off to Kafka was never
 * acknowledged (its process stopped in between) before it is sent again; above the send timeout
 * @param replayWait how long a repeat of an order's Idempotency-Key waits for the first request's
 * answer while that one is still handing its reservation off (then 409, retry later); above the
 * send timeout
 * @param ledgerWait how long after its order a transaction the ledger does not hold yet is waited
 * for by a read or a payment (the ledger's consumer records it a moment after the 201), instead of
 * "not found"
 */
@ConfigurationProperties("promo.flash-sale")
@Validated
public record FlashSaleProperties(@NotEmpty List<String> tokenSecrets, @DefaultValue("60s") Duration tokenTtl,
		@DefaultValue("15m") Duration paymentWindow,
		@DefaultValue("https://pay.example.com/flash-sales/{transactionId}") String paymentUrlTemplate,
		@DefaultValue("5") int userTokenBudget, @DefaultValue("50") int ipTokenBudget,
		@DefaultValue("10s") Duration tokenBudgetPeriod, @DefaultValue("") String clientIpHeader,
		@DefaultValue("false") boolean humanCheck, @DefaultValue("1s") Duration expiryInterval,
		@DefaultValue("500") int expiryBatch, @DefaultValue("2s") Duration catalogTtl,
		@DefaultValue("30s") Duration handoffRedriveAfter, @DefaultValue("10s") Duration replayWait,
		@DefaultValue("3s") Duration ledgerWait, Instant previousKeysUntil) {

	public FlashSaleProperties {
		for (String secret : tokenSecrets == null ? List.<String>of() : tokenSecrets) {
			if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
				throw new IllegalArgumentException("promo.flash-sale.token-secrets: every secret needs at least 32 bytes");
			}
		}
		if (!paymentUrlTemplate.contains("{transactionId}")) {
			throw new IllegalArgumentException("promo.flash-sale.payment-url-template must contain {transactionId}");
		}
	}

	String paymentUrl(String transactionId) {
		return this.paymentUrlTemplate.replace("{transactionId}", transactionId);
	}

}
