package com.promo.crowd.membership;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.promo.crowd.CrowdSyncProperties;
import com.promo.crowd.Ids;
import com.promo.crowd.reader.CrowdMembershipReader;
import com.promo.crowd.relation.CrowdId;
import com.promo.crowd.relation.RelationStore;
import com.promo.web.ProblemException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Membership for other services. {@code fast} reads the Redis hash (what the pricing path sees);
 * {@code strong} reads the durable relation store, for checks that must be proven (order-time
 * price verification).
 */
@RestController
class MembershipController {

	private static final int MAX_CANDIDATES = 300;

	private final CrowdMembershipReader reader;

	private final RelationStore store;

	private final CrowdSyncProperties properties;

	private final Clock clock;

	MembershipController(CrowdMembershipReader reader, RelationStore store, CrowdSyncProperties properties,
			Clock clock) {
		this.reader = reader;
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	record Membership(boolean member, String source, Instant asOf) {
	}

	@GetMapping("/internal/crowds/{crowdId}/members/{userId}")
	Membership member(@PathVariable String crowdId, @PathVariable String userId,
			@RequestParam(defaultValue = "fast") String consistency) {
		CrowdId crowd = CrowdId.parse(crowdId)
			.orElseThrow(() -> ProblemException.invalidField("crowdId", "must be <sellerId>_all_fans|old_fans|buy_fans"));
		long user = userId(userId);
		Instant now = this.clock.instant();
		return switch (consistency) {
			case "fast" -> new Membership(this.reader.isMember(userId, crowdId), "cache", now);
			case "strong" -> new Membership(this.store.findOrAbsent(user, crowd.sellerId())
				.crowdsAt(now, this.properties.oldFanAge())
				.contains(crowd.type()), "store", now);
			default -> throw ProblemException.invalidField("consistency", "must be fast or strong");
		};
	}

	record Crowds(List<String> crowds) {
	}

	@GetMapping("/internal/users/{userId}/crowds")
	Crowds crowds(@PathVariable String userId, @RequestParam(defaultValue = "") String candidates) {
		userId(userId);
		List<String> crowdIds = new ArrayList<>();
		for (String candidate : Arrays.stream(candidates.split(",")).map(String::trim).filter((c) -> !c.isEmpty()).toList()) {
			if (CrowdId.parse(candidate).isEmpty()) {
				throw ProblemException.invalidField("candidates", "'" + candidate + "' is not a crowd id");
			}
			crowdIds.add(candidate);
		}
		if (crowdIds.isEmpty() || crowdIds.size() > MAX_CANDIDATES) {
			throw ProblemException.invalidField("candidates", "between 1 and " + MAX_CANDIDATES + " crowd ids");
		}
		return new Crowds(List.copyOf(this.reader.memberships(userId, crowdIds)));
	}

	private static long userId(String userId) {
		Long id = Ids.parse(userId);
		if (id == null) {
			throw ProblemException.invalidField("userId", "must be a string of 1 to 18 digits");
		}
		return id;
	}

}
