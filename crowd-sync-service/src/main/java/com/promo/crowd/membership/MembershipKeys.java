package com.promo.crowd.membership;

import java.nio.charset.StandardCharsets;
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

	/** The same keys encoded as UTF-8, for a connection of bytes ({@link RedisBulk#pipeline()}). */
	public static byte[][] encoded(long userId) {
		List<String> keys = of(userId);
		byte[][] encoded = new byte[keys.size()][];
		for (int i = 0; i < encoded.length; i++) {
			encoded[i] = keys.get(i).getBytes(StandardCharsets.UTF_8);
		}
		return encoded;
	}

}
