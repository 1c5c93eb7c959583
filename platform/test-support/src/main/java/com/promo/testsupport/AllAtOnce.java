package com.promo.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Race tests' launcher: every task on its own thread, released together by one barrier. */
public final class AllAtOnce {

	private AllAtOnce() {
	}

	/**
	 * Runs the tasks at the same moment and returns their results in order; a task's exception
	 * (an assertion inside it too) is thrown here, so it fails the test.
	 */
	public static <T> List<T> run(List<Callable<T>> tasks) throws Exception {
		CyclicBarrier start = new CyclicBarrier(tasks.size());
		List<Future<T>> futures = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
			for (Callable<T> task : tasks) {
				futures.add(pool.submit(() -> {
					start.await();
					return task.call();
				}));
			}
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
	}

}
