package com.promo.pricing.price;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.promo.contracts.item.PriceUnit;
import com.promo.contracts.pricing.CrowdType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LowestPriceTest {

	static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

	static FanPriceRule rule(CrowdType type, long price) {
		return rule(type, price, null, null);
	}

	static FanPriceRule rule(CrowdType type, long price, Instant start, Instant end) {
		return new FanPriceRule(type, type.crowdId("7"), price, start, end);
	}

	static PricedItem item(FanPriceRule... rules) {
		return new PricedItem(1234, 7, 2000, PriceUnit.ONE_TIME, 0, List.of(rules));
	}

	static LowestPrice.Offer priceFor(PricedItem item, Set<String> memberOf) {
		return LowestPrice.of(item, memberOf::contains, NOW);
	}

	@Test
	void withoutFanPricesEveryonePaysTheListPrice() {
		LowestPrice.Offer offer = priceFor(item(), Set.of("7_all_fans"));

		assertThat(offer).isEqualTo(new LowestPrice.Offer(2000, 2000, null));
		assertThat(offer.savings()).isZero();
	}

	@Test
	void aMemberOfTheRulesCrowdPaysTheFanPriceOthersTheListPrice() {
		PricedItem item = item(rule(CrowdType.ALL_FANS, 1888));

		assertThat(priceFor(item, Set.of("7_all_fans"))).isEqualTo(new LowestPrice.Offer(2000, 1888, "7_all_fans"));
		assertThat(priceFor(item, Set.of("7_old_fans", "8_all_fans")).price()).isEqualTo(2000);
		assertThat(priceFor(item, Set.of("7_all_fans")).savings()).isEqualTo(112);
	}

	@Test
	void aBuyerInSeveralCrowdsGetsTheLowestOfTheirPrices() {
		PricedItem item = item(rule(CrowdType.ALL_FANS, 1900), rule(CrowdType.OLD_FANS, 1700),
				rule(CrowdType.BUY_FANS, 1800));

		assertThat(priceFor(item, Set.of("7_all_fans", "7_old_fans", "7_buy_fans")).crowdId()).isEqualTo("7_old_fans");
		assertThat(priceFor(item, Set.of("7_all_fans", "7_buy_fans")).price()).isEqualTo(1800);
		assertThat(priceFor(item, Set.of("7_all_fans")).price()).isEqualTo(1900);
	}

	@Test
	void equalFanPricesGoToTheFirstCrowdTypeWhateverTheirOrder() {
		PricedItem item = item(rule(CrowdType.BUY_FANS, 1500), rule(CrowdType.OLD_FANS, 1500),
				rule(CrowdType.ALL_FANS, 1600));

		assertThat(priceFor(item, Set.of("7_buy_fans", "7_old_fans", "7_all_fans")).crowdId()).isEqualTo("7_old_fans");
		assertThat(priceFor(item, Set.of("7_buy_fans", "7_all_fans")).crowdId()).isEqualTo("7_buy_fans");
	}

	@Test
	void aRuleAppliesOnlyInsideItsWindowStartInclusiveEndExclusive() {
		Instant start = NOW.minusSeconds(60);
		Instant end = NOW.plusSeconds(60);
		Set<String> fan = Set.of("7_all_fans");

		assertThat(priceFor(item(rule(CrowdType.ALL_FANS, 1500, start, end)), fan).price()).isEqualTo(1500);
		assertThat(priceFor(item(rule(CrowdType.ALL_FANS, 1500, NOW, end)), fan).price()).as("starts now").isEqualTo(1500);
		assertThat(priceFor(item(rule(CrowdType.ALL_FANS, 1500, start, NOW)), fan).price()).as("ended now").isEqualTo(2000);
		assertThat(priceFor(item(rule(CrowdType.ALL_FANS, 1500, end, null)), fan).price()).as("not yet").isEqualTo(2000);
		assertThat(priceFor(item(rule(CrowdType.ALL_FANS, 1500, null, end)), fan).price()).as("open start").isEqualTo(1500);
	}

	@Test
	void anEndedCheaperRuleLeavesTheActiveOneInForce() {
		PricedItem item = item(rule(CrowdType.OLD_FANS, 1000, null, NOW.minusSeconds(1)), rule(CrowdType.ALL_FANS, 1800));

		assertThat(priceFor(item, Set.of("7_all_fans", "7_old_fans")).crowdId()).isEqualTo("7_all_fans");
		assertThat(item.candidateCrowds(NOW)).as("only active rules are worth a membership read")
			.containsExactly("7_all_fans");
	}

	@Test
	void anExpiredMembershipIsNoMembershipSoTheListPriceApplies() {
		// the reader drops fields whose expiry has passed; the rule then sees no membership
		PricedItem item = item(rule(CrowdType.BUY_FANS, 1200));

		assertThat(priceFor(item, Set.of()).price()).isEqualTo(2000);
		assertThat(priceFor(item, Set.of()).crowdId()).isNull();
	}

	@Test
	void aRuleAtOrAboveTheListPriceNeverApplies() {
		PricedItem item = item(rule(CrowdType.ALL_FANS, 2000), rule(CrowdType.OLD_FANS, 2500));

		assertThat(priceFor(item, Set.of("7_all_fans", "7_old_fans"))).isEqualTo(new LowestPrice.Offer(2000, 2000, null));
	}

}
