package com.promo.crowd.membership;

import java.util.List;

import com.promo.crowd.reader.CrowdKeys;

/**
 * The user's three Redis hashes, one hash tag so that a script may touch them together: the
 * published membership hash ({@link CrowdKeys}), and crowd-sync's own bookkeeping, unfollow
 * tombstones (seller → unfollow time, epoch ms) and purchases (seller → first paid order, epoch ms).
 */
public final class MembershipKeys {

	private MembershipKeys() {
	}

	public static List<String> of(long userId) {
		String user = Long.toString(userId);
		return List.of(CrowdKeys.memberships(user), "{u:" + user + "}:tombstones", "{u:" + user + "}:purchases");
	}

}
