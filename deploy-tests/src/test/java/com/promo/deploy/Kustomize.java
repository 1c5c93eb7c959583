package com.promo.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Renders a kustomization with {@code kubectl kustomize}, as an operator would before applying it.
 * A machine without kubectl fails the test saying so: the manifests are never taken as valid unseen.
 */
final class Kustomize {

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private Kustomize() {
	}

	/** Every object of the rendered kustomization at {@code deploy/<directory>}, as YAML trees. */
	static List<JsonNode> render(String directory, String... flags) {
		Path dir = Repository.path("deploy/" + directory);
		if (!Files.isRegularFile(dir.resolve("kustomization.yaml"))) {
			throw new AssertionError(dir + " has no kustomization.yaml");
		}
		List<String> command = new ArrayList<>(List.of(kubectl(), "kustomize"));
		command.addAll(List.of(flags));
		command.add(dir.toString());
		try {
			Path errors = Files.createTempFile("kustomize", ".err");
			Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
			byte[] rendered = process.getInputStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new AssertionError(String.join(" ", command) + " failed: " + Files.readString(errors));
			}
			Files.delete(errors);
			return parse(new String(rendered, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new AssertionError("could not run " + String.join(" ", command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while rendering " + dir, ex);
		}
	}

	static List<JsonNode> parse(String yaml) throws IOException {
		ObjectReader reader = YAML.readerFor(JsonNode.class);
		List<JsonNode> objects = new ArrayList<>();
		try (var documents = reader.readValues(yaml)) {
			while (documents.hasNext()) {
				JsonNode node = (JsonNode) documents.next();
				if (node != null && !node.isNull() && !node.isEmpty()) {
					objects.add(node);
				}
			}
		}
		return objects;
	}

	/** kubectl from PATH; its absence is a failure with the way out, never a skipped test. */
	private static String kubectl() {
		String path = System.getenv().getOrDefault("PATH", "");
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "kubectl");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		throw new AssertionError("kubectl is not on PATH (" + path + "): deploy-tests render deploy/ with "
				+ "`kubectl kustomize`; install kubectl 1.27 or newer (kustomize v5; Debian's kubernetes-client "
				+ "package is older) and run again");
	}

}
