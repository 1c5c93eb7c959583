package com.promo.claim.stock;

import java.util.Map;
import java.util.TreeMap;

import com.promo.claim.template.TemplateStates;
import com.promo.web.ProblemException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A template's claims by outcome, from claim-service's ledger ({@code claim}: ACCEPTED while the
 * wallet has not decided, then ISSUED or REJECTED with the wallet's code). One grouped read on
 * {@code idx_claim_template}.
 */
@Component
class ClaimsSummary {

	/**
	 * @param accepted claims answered 201 whose settlement the ledger has not recorded yet
	 * @param rejectedByCode the rejected claims counted by their code
	 */
	record Summary(String templateId, long accepted, long issued, long rejected, Map<String, Long> rejectedByCode) {
	}

	private final JdbcClient jdbc;

	private final TemplateStates templates;

	ClaimsSummary(JdbcClient jdbc, TemplateStates templates) {
		this.jdbc = jdbc;
		this.templates = templates;
	}

	Summary of(long templateId) {
		if (this.templates.find(templateId).isEmpty()) {
			throw ProblemException.notFound("coupon template " + templateId);
		}
		long[] counts = new long[3];
		Map<String, Long> rejectedByCode = new TreeMap<>();
		this.jdbc.sql("SELECT status, code, COUNT(*) AS n FROM claim WHERE template_id = :t GROUP BY status, code")
			.param("t", templateId)
			.query(rs -> {
				long n = rs.getLong("n");
				switch (rs.getString("status")) {
					case "ACCEPTED" -> counts[0] += n;
					case "ISSUED" -> counts[1] += n;
					case "REJECTED" -> {
						counts[2] += n;
						String code = rs.getString("code");
						rejectedByCode.merge(code == null ? "UNKNOWN" : code, n, Long::sum);
					}
					default -> throw new IllegalStateException("unknown claim status " + rs.getString("status"));
				}
			});
		return new Summary(String.valueOf(templateId), counts[0], counts[1], counts[2], rejectedByCode);
	}

}
