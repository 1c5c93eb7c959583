package com.promo.crowd.relation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.promo.runtime.UtcTime;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable relation store: {@code follow_relation}, sharded by user id through ShardingSphere.
 * Every query carries the user id, so each touches only that user's shard. Writes are conditional
 * on the version read, so two writers of one relation never lose each other's change.
 */
@Repository
public class RelationStore {

	private final JdbcClient jdbc;

	RelationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<FollowRelation> find(long userId, long sellerId) {
		return this.jdbc.sql("SELECT * FROM follow_relation WHERE user_id = :user AND seller_id = :seller")
			.param("user", userId)
			.param("seller", sellerId)
			.query(RelationStore::read)
			.optional();
	}

	public FollowRelation findOrAbsent(long userId, long sellerId) {
		return find(userId, sellerId).orElseGet(() -> FollowRelation.absent(userId, sellerId));
	}

	/** Every stored relation of these users, by (user, seller). */
	public Map<Pair, FollowRelation> findAll(Collection<Long> userIds) {
		Map<Pair, FollowRelation> relations = new HashMap<>();
		if (userIds.isEmpty()) {
			return relations;
		}
		this.jdbc.sql("SELECT * FROM follow_relation WHERE user_id IN (:users)")
			.param("users", userIds)
			.query(RelationStore::read)
			.list()
			.forEach((relation) -> relations.put(new Pair(relation.userId(), relation.sellerId()), relation));
		return relations;
	}

	/**
	 * Stores {@code relation} if nobody changed the row since it was read at
	 * {@code relation.version()}; false when someone did (read again and retry).
	 */
	public boolean save(FollowRelation relation) {
		Map<String, @Nullable Object> params = new HashMap<>();
		params.put("user", relation.userId());
		params.put("seller", relation.sellerId());
		params.put("following", relation.following());
		params.put("followedAt", UtcTime.toDb(relation.followedAt()));
		params.put("unfollowedAt", UtcTime.toDb(relation.unfollowedAt()));
		params.put("lastEventAt", UtcTime.toDb(relation.lastEventAt()));
		params.put("firstPurchaseAt", UtcTime.toDb(relation.firstPurchaseAt()));
		params.put("version", relation.version());
		if (!relation.isStored()) {
			return this.jdbc.sql("""
					INSERT IGNORE INTO follow_relation (user_id, seller_id, following, followed_at, unfollowed_at,
					  last_event_at, first_purchase_at, version)
					VALUES (:user, :seller, :following, :followedAt, :unfollowedAt, :lastEventAt, :firstPurchaseAt, 1)""")
				.params(params)
				.update() == 1;
		}
		return this.jdbc.sql("""
				UPDATE follow_relation SET following = :following, followed_at = :followedAt,
				  unfollowed_at = :unfollowedAt, last_event_at = :lastEventAt, first_purchase_at = :firstPurchaseAt,
				  version = version + 1
				WHERE user_id = :user AND seller_id = :seller AND version = :version""")
			.params(params)
			.update() == 1;
	}

	/**
	 * Inserts relations not stored yet in one statement (ShardingSphere splits it by shard); a
	 * relation someone else inserted meanwhile is left alone. Returns how many were inserted.
	 */
	public int insertNew(List<FollowRelation> relations) {
		if (relations.isEmpty()) {
			return 0;
		}
		StringBuilder sql = new StringBuilder("INSERT IGNORE INTO follow_relation (user_id, seller_id, following, "
				+ "followed_at, unfollowed_at, last_event_at, first_purchase_at, version) VALUES ");
		List<Object> params = new ArrayList<>(relations.size() * 7);
		for (int i = 0; i < relations.size(); i++) {
			FollowRelation relation = relations.get(i);
			sql.append((i == 0) ? "" : ",").append("(?, ?, ?, ?, ?, ?, ?, 1)");
			params.add(relation.userId());
			params.add(relation.sellerId());
			params.add(relation.following());
			params.add(UtcTime.toDb(relation.followedAt()));
			params.add(UtcTime.toDb(relation.unfollowedAt()));
			params.add(UtcTime.toDb(relation.lastEventAt()));
			params.add(UtcTime.toDb(relation.firstPurchaseAt()));
		}
		return this.jdbc.sql(sql.toString()).params(params).update();
	}

	public record Pair(long userId, long sellerId) {
	}

	static FollowRelation read(ResultSet rs, int row) throws SQLException {
		return new FollowRelation(rs.getLong("user_id"), rs.getLong("seller_id"), rs.getBoolean("following"),
				UtcTime.read(rs, "followed_at"), UtcTime.read(rs, "unfollowed_at"), UtcTime.read(rs, "last_event_at"),
				UtcTime.read(rs, "first_purchase_at"), rs.getLong("version"));
	}

}
