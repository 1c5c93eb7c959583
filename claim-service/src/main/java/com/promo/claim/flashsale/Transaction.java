package com.promo.claim.flashsale;

import java.time.Instant;

/**
 * A flash-sale transaction as the ledger holds it: RESERVED until paid (PAID) or released at
 * {@code payBefore} (EXPIRED); REJECTED when the database arbiter overruled Redis ({@code code}
 * says why). A payment that came too late stays recorded on it ({@code latePaidAt}...).
 */
record Transaction(String transactionId, long templateId, long userId, long price, Status status, String code,
		Instant reservedAt, Instant payBefore, Instant paidAt, Long paidAmount, String providerRef, Instant latePaidAt,
		Long lateAmount, String lateProviderRef) {

	enum Status {

		RESERVED, PAID, EXPIRED, REJECTED

	}

}
