package com.promo.crowd.reader;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * "Which of these crowds is user U in now?" in one Redis round trip (HMGET on the user's hash),
 * whatever the number of candidates. A field whose expiry has passed counts as absent, so a
 * membership the real-time path failed to remove ends by itself.
 */
public class CrowdMembershipReader {

	private final StringRedisTemplate redis;

	private final Clock clock;

	public CrowdMembershipReader(StringRedisTemplate redis, Clock clock) {
		this.redis = redis;
		this.clock = clock;
	}

	public Set<String> memberships(String userId, List<String> candidateCrowds) {
		Set<String> member = new LinkedHashSet<>();
		if (candidateCrowds.isEmpty()) {
			return member;
		}
		List<Object> expiries = this.redis.opsForHash()
			.multiGet(CrowdKeys.memberships(userId), new ArrayList<>(candidateCrowds));
		long now = this.clock.instant().getEpochSecond();
		for (int i = 0; i < candidateCrowds.size(); i++) {
			Object expiry = expiries.get(i);
			if (expiry != null && isLater(expiry.toString(), now)) {
				member.add(candidateCrowds.get(i));
			}
		}
		return member;
	}

	public boolean isMember(String userId, String crowdId) {
		return !memberships(userId, List.of(crowdId)).isEmpty();
	}

	private static boolean isLater(String epochSeconds, long now) {
		try {
			return Long.parseLong(epochSeconds) > now;
		}
		catch (NumberFormatException ex) {
			return false; // not a membership value: treat as absent rather than grant
		}
	}

}
