package com.promo.crowd.reader;

/**
 * The published Redis layout of crowd membership (ARCHITECTURE.md): one hash per user,
 * {@code {u:<userId>}:crowds}, field = crowd id ({@code <sellerId>_all_fans}, ...), value = the
 * membership's expiry as epoch seconds. The hash tag keeps everything of one user in one slot.
 */
public final class CrowdKeys {

	private CrowdKeys() {
	}

	public static String memberships(String userId) {
		return "{u:" + userId + "}:crowds";
	}

}
