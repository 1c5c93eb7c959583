package com.promo.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root directory, found from the module's working directory (Surefire's: deploy-tests/). */
final class Repository {

	static final Path ROOT = find();

	private Repository() {
	}

	static Path path(String relative) {
		return ROOT.resolve(relative);
	}

	static String read(String relative) {
		try {
			return Files.readString(path(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + relative, ex);
		}
	}

	private static Path find() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			if (Files.isDirectory(dir.resolve("deploy")) && Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
				return dir;
			}
		}
		throw new IllegalStateException("no directory above " + Path.of("").toAbsolutePath()
				+ " holds deploy/ and docker-compose.yml");
	}

}
