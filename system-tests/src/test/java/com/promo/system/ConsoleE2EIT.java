package com.promo.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser against the running platform: {@code console/e2e/journey.mjs}
 * (playwright-core driving Debian's chromium, headless) signs in as ops, creates and publishes an
 * activity, has a merchant sign up, register an item, see the server's field error for a coupon
 * value over the activity's limit (and nothing created), create, enable and bind the coupon, a
 * consumer claim it through the API, and ops see it issued in the live stock view. Screenshots of
 * every screen go to {@code target/console-screenshots/}; the journey's output to
 * {@code target/console-journey.log}.
 */
class ConsoleE2EIT {

	static final Path ROOT = Path.of(System.getProperty("promo.root", "..")).toAbsolutePath().normalize();

	@BeforeAll
	static void startPlatform() throws Exception {
		RunningPlatform.get();
	}

	@Test
	void opsAndAMerchantRunAPromotionThroughTheConsole() throws IOException, InterruptedException {
		Path script = ROOT.resolve("console/e2e/journey.mjs");
		assertThat(ROOT.resolve("console/node_modules/playwright-core"))
			.as("console/node_modules: the console module's build (npm ci) installs playwright-core; build it first")
			.isDirectory();
		Path target = ROOT.resolve("system-tests/target");
		Path screenshots = target.resolve("console-screenshots");
		Path log = target.resolve("console-journey.log");
		Files.createDirectories(screenshots);
		Process journey = new ProcessBuilder("node", script.toString(), RunningPlatform.baseUrl("gateway"),
				screenshots.toString())
			.directory(ROOT.resolve("console").toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean finished = journey.waitFor(8, TimeUnit.MINUTES);
		if (!finished) {
			journey.destroyForcibly().waitFor();
		}
		String output = Files.readString(log);
		System.out.println(output);
		assertThat(finished).as("the journey finished within 8 minutes; its output:\n" + output).isTrue();
		assertThat(journey.exitValue()).as("the journey's exit code; its output:\n" + output).isZero();
		assertThat(output).contains("console journey: OK")
			.contains("the server's field error under \"Amount off\"")
			.containsPattern("first screen usable after \\d+ ms");
		try (var files = Files.list(screenshots)) {
			assertThat(files.filter(file -> file.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(15);
		}
	}

}
