package com.promo.claim.flashsale;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FlashOrderRecordTest {

	@Test
	void aReservationAndARefusalReadBackAsWritten() {
		FlashOrderRecord reserved = FlashOrderRecord.reserved("fp-1", "0ABC", 1888, Instant.ofEpochMilli(1_790_000_000_123L));
		assertThat(reserved.encoded()).isEqualTo("fp-1 RESERVED 0ABC 1888 1790000000123");
		assertThat(FlashOrderRecord.decode(reserved.encoded())).isEqualTo(reserved);

		// flash-order.lua writes a refusal as '<fingerprint> <outcome>'
		FlashOrderRecord soldOut = FlashOrderRecord.decode("fp-2 SOLD_OUT");
		assertThat(soldOut.outcome()).isEqualTo(FlashSaleStore.Outcome.SOLD_OUT);
		assertThat(soldOut.fingerprint()).isEqualTo("fp-2");
		assertThat(soldOut.encoded()).isEqualTo("fp-2 SOLD_OUT");
	}

	@Test
	void textNoVersionWroteIsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> FlashOrderRecord.decode("fp TOKEN_USED"));
		assertThatIllegalStateException().isThrownBy(() -> FlashOrderRecord.decode("fp RESERVED 0ABC"));
		assertThatIllegalStateException().isThrownBy(() -> FlashOrderRecord.decode("fp"));
	}

}
