package com.promo.crowd.membership;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.relation.CrowdType;
import com.promo.crowd.relation.FollowRelation;
import com.promo.crowd.relation.RelationProjection;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Writes a relation's state from the relation store onto the user's Redis membership hash. It
 * projects state, not events, so applying it twice or after a redelivered event changes nothing.
 */
@Component
public class MembershipWriter implements RelationProjection {

	private static final RedisScript<Long> APPLY = RedisScript.of(new ClassPathResource("scripts/apply-relation.lua"),
			Long.class);

	private final StringRedisTemplate redis;

	private final CrowdSyncProperties properties;

	private final Clock clock;

	MembershipWriter(StringRedisTemplate redis, CrowdSyncProperties properties, Clock clock) {
		this.redis = redis;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void project(FollowRelation relation) {
		Instant now = this.clock.instant();
		Set<CrowdType> crowds = relation.crowdsAt(now, this.properties.oldFanAge());
		this.redis.execute(APPLY, MembershipKeys.of(relation.userId()), Long.toString(relation.sellerId()),
				flag(relation.following()), Long.toString(now.plus(this.properties.membershipTtl()).getEpochSecond()),
				flag(crowds.contains(CrowdType.OLD_FANS)), flag(crowds.contains(CrowdType.BUY_FANS)),
				millis(relation.unfollowedAt()), millis(relation.firstPurchaseAt()),
				Long.toString(this.properties.tombstoneRetention().toSeconds()),
				Long.toString(this.properties.purchaseRetention().toSeconds()));
	}

	private static String flag(boolean value) {
		return value ? "1" : "0";
	}

	static String millis(Instant instant) {
		return (instant != null) ? Long.toString(instant.toEpochMilli()) : "";
	}

}
