package com.promo.coupon.wallet;

import java.time.Clock;
import java.time.Duration;

import com.promo.coupon.CouponProperties;
import com.promo.scheduling.ClusterJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Background upkeep of the wallet: locks older than {@code promo.coupon.lock-timeout} are
 * released, and UNUSED coupons whose window has closed are marked EXPIRED (reads already report
 * them so). Both are idempotent, so overlapping rounds are harmless, but each scans every shard:
 * one instance of the cluster runs a round ({@link ClusterJobs}).
 */
@Component
class WalletSweeper implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(WalletSweeper.class);

	private final Redemption redemption;

	private final WalletRepository wallet;

	private final CouponProperties properties;

	private final Clock clock;

	private final ClusterJobs jobs;

	WalletSweeper(Redemption redemption, WalletRepository wallet, CouponProperties properties, Clock clock,
			ClusterJobs jobs) {
		this.redemption = redemption;
		this.wallet = wallet;
		this.properties = properties;
		this.clock = clock;
		this.jobs = jobs;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		Duration interval = this.properties.walletSweepInterval();
		// a round updates every shard, long on a large wallet; a holder that died mid-round leaves
		// stale locks (minutes old already) for at most ten intervals (10 min by default)
		registrar.addFixedDelayTask(
				this.jobs.locked("coupon-wallet-sweep", interval, interval.multipliedBy(10), this::sweep), interval);
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
