package com.promo.crowd.batch;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.promo.crowd.Ids;
import com.promo.web.PageQuery;
import com.promo.web.PageResponse;
import com.promo.web.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The T+1 snapshot loads (ops only). */
@RestController
class BatchController {

	private final BatchService batches;

	BatchController(BatchService batches) {
		this.batches = batches;
	}

	record StartBatch(@NotBlank @Size(max = 1024) String snapshotPath, @NotNull Instant snapshotTime) {
	}

	@PostMapping("/ops/crowd-sync/batches")
	@ResponseStatus(HttpStatus.ACCEPTED)
	BatchReport start(@Valid @RequestBody StartBatch request) {
		return this.batches.start(request.snapshotPath(), request.snapshotTime());
	}

	@GetMapping("/ops/crowd-sync/batches")
	PageResponse<BatchReport> list(@RequestParam(required = false) Integer page,
			@RequestParam(required = false) Integer size) {
		return this.batches.list(PageQuery.of(page, size));
	}

	@GetMapping("/ops/crowd-sync/batches/{id}")
	BatchReport report(@PathVariable String id) {
		return this.batches.report(id(id));
	}

	@PostMapping("/ops/crowd-sync/batches/{id}/restart")
	@ResponseStatus(HttpStatus.ACCEPTED)
	BatchReport restart(@PathVariable String id) {
		return this.batches.restart(id(id));
	}

	private static long id(String id) {
		Long batchId = Ids.parse(id);
		if (batchId == null) {
			throw ProblemException.notFound("batch " + id);
		}
		return batchId;
	}

}
