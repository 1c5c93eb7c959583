package com.promo.coupon.wallet;

import java.time.Clock;

import com.promo.coupon.CouponProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Background upkeep of the wallet: locks older than {@code promo.coupon.lock-timeout} are
 * released, and UNUSED coupons whose window has closed are marked EXPIRED (reads already report
 * them so). Both are idempotent, so several instances may run them.
 */
@Component
class WalletSweeper implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(WalletSweeper.class);

	private final Redemption redemption;

	private final WalletRepository wallet;

	private final CouponProperties properties;

	private final Clock clock;

	WalletSweeper(Redemption redemption, WalletRepository wallet, CouponProperties properties, Clock clock) {
		this.redemption = redemption;
		this.wallet = wallet;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::sweep, this.properties.walletSweepInterval());
	}

	void sweep() {
		try {
			int released = this.redemption.releaseStale(this.clock.instant().minus(this.properties.lockTimeout()), 500);
			int expired = this.wallet.expireDue(this.clock.instant());
			if (released + expired > 0) {
				log.info("wallet sweep: {} stale locks released, {} coupons expired", released, expired);
			}
		}
		catch (RuntimeException ex) {
			log.warn("wallet sweep failed, the next one retries: {}", ex.getMessage());
		}
	}

}
