package com.promo.coupon.template;

import java.time.Duration;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.contracts.coupon.TemplateChanged;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.contracts.coupon.Validity;
import com.promo.coupon.activity.ActivityView;
import com.promo.web.ProblemCode;
import com.promo.web.ProblemException;
import org.junit.jupiter.api.Test;

import static com.promo.coupon.template.TemplateFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CouponTemplateTest {

	static final ActivityView RUNNING = TemplateFixtures.runningActivity();

	private static CouponTemplate template(TemplateContent content) {
		return CouponTemplate.create(9, 1, 42, content, NOW);
	}

	private static void assertInvalidState(Runnable action) {
		assertThatThrownBy(action::run).isInstanceOf(ProblemException.class)
			.satisfies(ex -> assertThat(((ProblemException) ex).code()).isEqualTo(ProblemCode.INVALID_STATE));
	}

	@Test
	void aNewTemplateIsEnabledThenTerminatedWithAnEventAndVersionEach() {
		CouponTemplate template = template(TemplateFixtures.amountOff(30000));

		TemplateChanged enabled = template.enable(RUNNING, NOW);
		TemplateChanged terminated = template.terminate(RUNNING, NOW);

		assertThat(enabled.eventType()).isEqualTo(TemplateChanged.ENABLED);
		assertThat(enabled.template().version()).isEqualTo(1);
		assertThat(enabled.template().activityEndTime()).isEqualTo(RUNNING.activityEndTime());
		assertThat(terminated.eventType()).isEqualTo(TemplateChanged.TERMINATED);
		assertThat(template.storedStatus()).isEqualTo(TemplateStatus.TERMINATED);
		assertThat(template.version()).isEqualTo(2);
	}

	@Test
	void onlyANewTemplateCanBeEnabledAndAFinalOneNotTerminated() {
		CouponTemplate template = template(TemplateFixtures.amountOff(30000));
		template.enable(RUNNING, NOW);
		assertInvalidState(() -> template.enable(RUNNING, NOW));
		template.terminate(RUNNING, NOW);
		assertInvalidState(() -> template.terminate(RUNNING, NOW));
		assertInvalidState(() -> template.enable(RUNNING, NOW));
	}

	@Test
	void theActivitysEndOrTerminationAndAFixedValidityEndTheTemplate() {
		CouponTemplate template = template(TemplateFixtures.withValidity(Validity.fixed(NOW, NOW.plusSeconds(600))));
		template.enable(RUNNING, NOW);

		assertThat(template.statusAt(RUNNING, NOW)).isEqualTo(TemplateStatus.ENABLED);
		assertThat(template.statusAt(RUNNING, NOW.plusSeconds(600))).isEqualTo(TemplateStatus.EXPIRED);
		assertThat(template.statusAt(RUNNING, RUNNING.activityEndTime())).isEqualTo(TemplateStatus.ENDED);
		ActivityView terminated = TemplateFixtures.activity(ActivityKind.COUPON, RUNNING.couponTypes(),
				ActivityStatus.TERMINATED, RUNNING.activityStartTime(), RUNNING.activityEndTime());
		assertThat(template.statusAt(terminated, NOW)).isEqualTo(TemplateStatus.TERMINATED);
	}

	@Test
	void followingPersistsTheImpliedEndOnce() {
		CouponTemplate template = template(TemplateFixtures.amountOff(30000));
		template.enable(RUNNING, NOW);

		assertThat(template.follow(RUNNING, NOW)).isEmpty();
		var ended = template.follow(RUNNING, RUNNING.activityEndTime().plus(Duration.ofMinutes(1)));
		assertThat(ended).get().extracting(TemplateChanged::eventType).isEqualTo(TemplateChanged.ENDED);
		assertThat(template.follow(RUNNING, RUNNING.activityEndTime().plus(Duration.ofDays(9)))).isEmpty();
		assertThat(template.statusAt(RUNNING, NOW)).as("a final status stays").isEqualTo(TemplateStatus.ENDED);
	}

	@Test
	void claimableOnlyWhileEnabledAndTheActivityRuns() {
		CouponTemplate template = template(TemplateFixtures.amountOff(30000));
		assertThat(template.claimableAt(RUNNING, NOW)).as("NEW").isFalse();
		template.enable(RUNNING, NOW);
		assertThat(template.claimableAt(RUNNING, NOW)).isTrue();
		assertThat(template.claimableAt(RUNNING, RUNNING.activityStartTime().minusSeconds(1))).as("not running yet")
			.isFalse();
		assertThat(template.claimableAt(RUNNING, RUNNING.activityEndTime())).isFalse();
	}

}
