package com.promo.crowd.batch;

/**
 * One of {@code count} disjoint shares of a snapshot's users, told by a hash of the user id: every
 * row of a user lands in the same partition, whatever the file order. Rows without a readable user
 * id belong to partition 0, so that each row is read (and counted) by exactly one partition.
 */
record UserPartition(int index, int count) {

	/** Every row. */
	static final UserPartition ALL = new UserPartition(0, 1);

	UserPartition {
		if (count < 1 || index < 0 || index >= count) {
			throw new IllegalArgumentException("partition " + index + " of " + count);
		}
	}

	boolean owns(long userId) {
		return of(userId, this.count) == this.index;
	}

	/** Rows whose user id cannot be read. */
	boolean ownsUnreadable() {
		return this.index == 0;
	}

	static int of(long userId, int count) {
		// the finalizer of MurmurHash3: consecutive ids spread evenly
		long h = userId;
		h ^= h >>> 33;
		h *= 0xFF51AFD7ED558CCDL;
		h ^= h >>> 33;
		h *= 0xC4CEB9FE1A85EC53L;
		h ^= h >>> 33;
		return (int) Math.floorMod(h, (long) count);
	}

}
