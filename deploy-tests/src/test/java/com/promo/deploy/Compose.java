package com.promo.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml as Compose reads it: anchors and {@code <<} merge keys resolved (SnakeYAML), and
 * Compose's interpolation applied to values ({@code ${NAME:-default}} as its default, {@code $$} as
 * a literal {@code $}). No Docker engine is needed.
 */
record Compose(Map<String, Map<String, Object>> services) {

	private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

	@SuppressWarnings("unchecked")
	static Compose read() {
		Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
		Map<String, Object> file = yaml.load(Repository.read("docker-compose.yml"));
		return new Compose((Map<String, Map<String, Object>>) file.get("services"));
	}

	Map<String, Object> service(String name) {
		Map<String, Object> service = this.services.get(name);
		if (service == null) {
			throw new AssertionError("docker-compose.yml has no service " + name);
		}
		return service;
	}

	/** The service built from an application's module, by its MODULE build argument. */
	String applicationService(String application) {
		return this.services.entrySet().stream().filter(entry -> entry.getValue().get("build") instanceof Map<?, ?> build
				&& build.get("args") instanceof Map<?, ?> args && application.equals(args.get("MODULE")))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow(() -> new AssertionError("docker-compose.yml builds no service from " + application));
	}

	/** The service's environment after interpolation (a map or a list of NAME=value). */
	Map<String, String> environment(String name) {
		Object environment = service(name).get("environment");
		Map<String, String> variables = new LinkedHashMap<>();
		if (environment instanceof Map<?, ?> map) {
			map.forEach((key, value) -> variables.put(key.toString(), interpolate(String.valueOf(value))));
		}
		else if (environment instanceof List<?> list) {
			for (Object entry : list) {
				String[] pair = entry.toString().split("=", 2);
				variables.put(pair[0], pair.length > 1 ? interpolate(pair[1]) : "");
			}
		}
		return variables;
	}

	/** The service's command as the words its process gets (a string is split on blanks, as Compose does). */
	List<String> command(String name) {
		Object command = service(name).get("command");
		List<String> words = new ArrayList<>();
		if (command instanceof List<?> list) {
			list.forEach(word -> words.add(interpolate(word.toString())));
		}
		else if (command != null) {
			words.addAll(List.of(interpolate(command.toString()).trim().split("\\s+")));
		}
		return words;
	}

	/** Published ports, host port to container port. */
	Map<Integer, Integer> publishedPorts(String name) {
		Map<Integer, Integer> ports = new LinkedHashMap<>();
		for (String[] port : colonSeparated(name, "ports")) {
			if (port.length != 2) {
				throw new AssertionError(name + " publishes " + String.join(":", port) + "; expected HOST:CONTAINER");
			}
			ports.put(Integer.valueOf(port[0]), Integer.valueOf(port[1]));
		}
		return ports;
	}

	/** Bind mounts, host path (relative to the project) to container path. */
	Map<String, String> mounts(String name) {
		Map<String, String> mounts = new LinkedHashMap<>();
		for (String[] volume : colonSeparated(name, "volumes")) {
			mounts.put(volume[0].replaceFirst("^\\./", ""), volume[1]);
		}
		return mounts;
	}

	/** One of the service's lists in Compose's short syntax ("8080:8080", "./a:/b:ro"), each entry split at its colons. */
	private List<String[]> colonSeparated(String name, String key) {
		if (!(service(name).get(key) instanceof List<?> entries)) {
			return List.of();
		}
		return entries.stream().map(entry -> entry.toString().split(":")).toList();
	}

	static String interpolate(String value) {
		Matcher matcher = INTERPOLATION.matcher(value);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			if (matcher.start() > 0 && value.charAt(matcher.start() - 1) == '$') {
				matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group()));
				continue;
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group(2) == null ? "" : matcher.group(2)));
		}
		matcher.appendTail(result);
		return result.toString().replace("$$", "$");
	}

}
