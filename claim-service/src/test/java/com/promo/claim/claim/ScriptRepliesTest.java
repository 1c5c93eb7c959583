package com.promo.claim.claim;

import java.util.Arrays;
import java.util.List;

import com.promo.web.ProblemCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Every reply shape of the claim scripts, and the recorded answers of an Idempotency-Key. */
class ScriptRepliesTest {

	@Test
	void aReservationCarriesItsClaimIdAndTheRemainingStock() {
		assertThat(ScriptReplies.claim(List.of("ACCEPTED", "0KX1", "41")))
			.isEqualTo(new Reservation.Reserved("0KX1", 41));
		assertThat(ScriptReplies.claim(List.of("ACCEPTED", "0KX1", "0")).outcome()).isEqualTo(ClaimOutcome.ACCEPTED);
	}

	@Test
	void everyRefusalIsTypedAndMapsToItsProblem() {
		assertThat(ScriptReplies.claim(List.of("SOLD_OUT"))).isEqualTo(new Reservation.Refused(ClaimOutcome.SOLD_OUT));
		assertThat(ScriptReplies.claim(List.of("LIMIT_REACHED")))
			.isEqualTo(new Reservation.Refused(ClaimOutcome.LIMIT_REACHED));
		assertThat(ScriptReplies.claim(List.of("NOT_CLAIMABLE")))
			.isEqualTo(new Reservation.Refused(ClaimOutcome.NOT_CLAIMABLE));
		assertThat(ClaimOutcome.SOLD_OUT.problem()).isEqualTo(ProblemCode.SOLD_OUT);
		assertThat(ClaimOutcome.LIMIT_REACHED.problem()).isEqualTo(ProblemCode.LIMIT_REACHED);
		assertThat(ClaimOutcome.NOT_CLAIMABLE.problem()).isEqualTo(ProblemCode.NOT_CLAIMABLE);
		assertThat(ClaimOutcome.ACCEPTED.isRefusal()).isFalse();
	}

	@Test
	void aMissingStateAsksForARebuild() {
		assertThat(ScriptReplies.claim(List.of("MISSING"))).isInstanceOf(Reservation.Missing.class);
	}

	@Test
	void aReplayCarriesTheRecordedAnswerInEachForm() {
		assertThat(ScriptReplies.claim(List.of("REPLAY", "ACCEPTED 0KX1")))
			.isEqualTo(new Reservation.Replayed(new RecordedAnswer.Accepted("0KX1")));
		assertThat(ScriptReplies.claim(List.of("REPLAY", "RESERVED 0KX1")))
			.isEqualTo(new Reservation.Replayed(new RecordedAnswer.Reserved("0KX1")));
		assertThat(ScriptReplies.claim(List.of("REPLAY", "SOLD_OUT")))
			.isEqualTo(new Reservation.Replayed(new RecordedAnswer.Refused(ClaimOutcome.SOLD_OUT)));
	}

	@Test
	void recordedAnswersOfThePreviousFormatStillReplay() {
		assertThat(RecordedAnswer.decode("A:0KX1")).isEqualTo(new RecordedAnswer.Accepted("0KX1"));
		assertThat(RecordedAnswer.decode("R:LIMIT_REACHED"))
			.isEqualTo(new RecordedAnswer.Refused(ClaimOutcome.LIMIT_REACHED));
	}

	@Test
	void recordedAnswersRoundTrip() {
		for (RecordedAnswer answer : List.of(new RecordedAnswer.Reserved("0KX1"), new RecordedAnswer.Accepted("0KX1"),
				new RecordedAnswer.Refused(ClaimOutcome.SOLD_OUT), new RecordedAnswer.Refused(ClaimOutcome.LIMIT_REACHED),
				new RecordedAnswer.Refused(ClaimOutcome.NOT_CLAIMABLE))) {
			assertThat(RecordedAnswer.decode(answer.encoded())).isEqualTo(answer);
		}
		// claim.lua records a refusal as its bare name: the same text Refused encodes
		assertThat(new RecordedAnswer.Refused(ClaimOutcome.SOLD_OUT).encoded()).isEqualTo("SOLD_OUT");
	}

	@Test
	void textNoVersionWroteIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RecordedAnswer.decode("ACCEPTED"));
		assertThatIllegalArgumentException().isThrownBy(() -> RecordedAnswer.decode("ACCEPTED "));
		assertThatIllegalArgumentException().isThrownBy(() -> RecordedAnswer.decode("REPLAY"));
		assertThatIllegalArgumentException().isThrownBy(() -> RecordedAnswer.decode("X:1"));
		assertThatIllegalArgumentException().isThrownBy(() -> RecordedAnswer.decode(""));
		assertThatIllegalArgumentException().isThrownBy(() -> new RecordedAnswer.Refused(ClaimOutcome.ACCEPTED));
	}

	@Test
	void malformedRepliesFailLoudly() {
		assertThatIllegalStateException().isThrownBy(() -> ScriptReplies.claim(List.of()));
		assertThatIllegalStateException().isThrownBy(() -> ScriptReplies.claim(List.of("WHATEVER")));
		assertThatIllegalStateException().isThrownBy(() -> ScriptReplies.claim(List.of("ACCEPTED", "0KX1")));
		assertThatIllegalStateException().isThrownBy(() -> ScriptReplies.claim(List.of("ACCEPTED", "0KX1", "many")));
		assertThatIllegalStateException().isThrownBy(() -> ScriptReplies.claim(List.of("REPLAY")));
		assertThatIllegalStateException().isThrownBy(() -> ScriptReplies.claim(Arrays.asList("REPLAY", null)));
	}

	@Test
	void theReconcileReplyReadsBeforeAfterAndPending() {
		assertThat(ScriptReplies.reconcile(List.of("40", "17", "3"))).isEqualTo(new ClaimStore.Reconciled(40, 17, 3));
		assertThatIllegalStateException().isThrownBy(() -> ScriptReplies.reconcile(List.of("40", "17")));
	}

}
