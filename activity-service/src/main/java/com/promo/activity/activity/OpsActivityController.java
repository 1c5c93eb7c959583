package com.promo.activity.activity;

import java.net.URI;

import com.promo.activity.activity.ActivityRequests.ActivityResponse;
import com.promo.activity.activity.ActivityRequests.CreateActivity;
import com.promo.activity.activity.ActivityRequests.PatchActivity;
import com.promo.contracts.activity.ActivityKind;
import com.promo.contracts.activity.ActivityStatus;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;
import com.promo.web.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators run activities: create, edit while DRAFT, publish, terminate, read and list. */
@RestController
@RequestMapping("/ops/activities")
class OpsActivityController {

	private final ActivityService activities;

	OpsActivityController(ActivityService activities) {
		this.activities = activities;
	}

	@PostMapping
	ResponseEntity<ActivityResponse> create(@RequestBody CreateActivity request) {
		Activity activity = this.activities.create(request.toDraft());
		return ResponseEntity.created(URI.create("/ops/activities/" + activity.id()))
			.eTag(etag(activity))
			.body(respond(activity));
	}

	@GetMapping("/{id}")
	ResponseEntity<ActivityResponse> get(@PathVariable long id) {
		Activity activity = this.activities.get(id);
		return ResponseEntity.ok().eTag(etag(activity)).body(respond(activity));
	}

	@GetMapping
	PageResponse<ActivityResponse> list(@RequestParam(required = false) ActivityStatus status,
			@RequestParam(required = false) String cityId, @RequestParam(required = false) ActivityKind kind,
			@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
		return this.activities.search(new ActivityFilter(status, cityId, kind, false), PageQuery.of(page, size))
			.map(this::respond);
	}

	@PatchMapping("/{id}")
	ResponseEntity<ActivityResponse> edit(@PathVariable long id, @RequestBody PatchActivity patch,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		Activity activity = this.activities.edit(id, patch::applyTo, parseIfMatch(ifMatch));
		return ResponseEntity.ok().eTag(etag(activity)).body(respond(activity));
	}

	@PostMapping("/{id}/publish")
	ActivityResponse publish(@PathVariable long id) {
		return respond(this.activities.publish(id));
	}

	@PostMapping("/{id}/terminate")
	ActivityResponse terminate(@PathVariable long id) {
		return respond(this.activities.terminate(id));
	}

	private ActivityResponse respond(Activity activity) {
		return ActivityResponse.of(activity, this.activities.now());
	}

	private static String etag(Activity activity) {
		return "\"" + activity.version() + "\"";
	}

	/** {@code If-Match} carries the version, bare or as an entity tag ({@code "3"} or {@code W/"3"}). */
	static Long parseIfMatch(String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank()) {
			return null;
		}
		String version = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
		if (!version.matches("[0-9]{1,18}")) {
			throw ProblemException.invalidField(HttpHeaders.IF_MATCH, "must be the activity's version");
		}
		return Long.parseLong(version);
	}

}
