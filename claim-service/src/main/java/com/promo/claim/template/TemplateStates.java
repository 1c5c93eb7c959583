package com.promo.claim.template;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.coupon.Audience;
import com.promo.contracts.coupon.TemplateStatus;
import com.promo.runtime.UtcTime;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The templates claim-service guards, from their events (the highest version wins). */
@Repository
public class TemplateStates {

	private final JdbcClient jdbc;

	TemplateStates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<TemplateState> find(long templateId) {
		return this.jdbc.sql("SELECT * FROM template_state WHERE template_id = :id")
			.param("id", templateId)
			.query(TemplateStates::read)
			.optional();
	}

	public List<TemplateState> findEnabled() {
		return this.jdbc.sql("SELECT * FROM template_state WHERE status = 'ENABLED'").query(TemplateStates::read).list();
	}

	boolean saveIfNewer(TemplateState s) {
		Map<String, Object> params = new java.util.HashMap<>();
		params.put("id", s.templateId());
		params.put("status", s.status().name());
		params.put("start", UtcTime.toDb(s.claimStart()));
		params.put("end", UtcTime.toDb(s.claimEnd()));
		params.put("audience", s.audienceType().name());
		params.put("crowd", s.crowdId());
		params.put("limit", s.perUserLimit());
		params.put("total", s.totalStock());
		params.put("version", s.version());
		params.put("kind", s.activityKind().name());
		int updated = this.jdbc.sql("""
				UPDATE template_state SET status = :status, claim_start = :start, claim_end = :end,
				  audience_type = :audience, crowd_id = :crowd, per_user_limit = :limit, total_stock = :total,
				  version = :version, activity_kind = :kind
				WHERE template_id = :id AND version < :version""").params(params).update();
		if (updated == 1) {
			return true;
		}
		return this.jdbc.sql("""
				INSERT IGNORE INTO template_state (template_id, status, claim_start, claim_end, audience_type, crowd_id,
				  per_user_limit, total_stock, version, activity_kind)
				VALUES (:id, :status, :start, :end, :audience, :crowd, :limit, :total, :version, :kind)""")
			.params(params)
			.update() == 1;
	}

	private static TemplateState read(ResultSet rs, int row) throws SQLException {
		return new TemplateState(rs.getLong("template_id"), TemplateStatus.valueOf(rs.getString("status")),
				UtcTime.read(rs, "claim_start"), UtcTime.read(rs, "claim_end"),
				Audience.Type.valueOf(rs.getString("audience_type")), rs.getString("crowd_id"),
				rs.getInt("per_user_limit"), rs.getInt("total_stock"), rs.getLong("version"),
				ActivityKind.valueOf(rs.getString("activity_kind")));
	}

}
