package com.promo.crowd.relation;

/**
 * Where a relation's stored state is projected after each change (the Redis membership hash,
 * written by the membership module): relation owns the facts and does not depend on their readers.
 */
public interface RelationProjection {

	/** Writes {@code relation}'s state; applying it twice changes nothing. */
	void project(FollowRelation relation);

}
