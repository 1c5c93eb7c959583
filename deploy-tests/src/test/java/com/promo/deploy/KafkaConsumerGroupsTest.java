package com.promo.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./promo test} first drops the Kafka records that every durable consumer group of the
 * platform has read (infra/kafka.sh, {@code PROMO_CONSUMER_GROUPS}). A group the list lacks would
 * have records it has not read yet dropped under it; a group the list names that no listener joins
 * holds nothing back. So the list must be exactly the groups the applications' listeners join, less
 * the catalogs' per-start groups ({@code ${random.uuid}}, reading only new records).
 */
class KafkaConsumerGroupsTest {

	private static final Pattern TRIM_GROUPS = Pattern.compile("(?m)^PROMO_CONSUMER_GROUPS=\\(([^)]*)\\)");

	private static final Pattern DEFAULT_GROUP = Pattern.compile("(?m)^\\s+group-id:\\s*(\\S+)");

	private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("^\\$\\{[A-Z][A-Z0-9_]*:([^}]+)}$");

	private static final Pattern GROUP_ID = Pattern.compile("\\bgroupId\\s*=\\s*\"([^\"]*)\"");

	private static final Pattern ID = Pattern.compile("\\bid\\s*=");

	private static final String SERVICE_GROUP = "${spring.kafka.consumer.group-id}";

	private static final Pattern ID_IS_NOT_GROUP = Pattern.compile("\\bidIsGroup\\s*=\\s*false");

	@Test
	void theTrimProtectsExactlyTheDurableGroupsTheListenersJoin() {
		assertThat(trimmedGroups()).as("PROMO_CONSUMER_GROUPS in infra/kafka.sh")
			.containsExactlyInAnyOrderElementsOf(durableGroups());
	}

	@Test
	void listenersAreFoundInEveryApplicationThatConsumes() {
		// the parser must see the listeners at all, or the comparison above would pass on nothing; every
		// application but the gateway consumes
		for (String application : Applications.NAMES.stream().filter(name -> !name.equals("gateway")).toList()) {
			assertThat(listeners(application)).as(application + "'s @KafkaListener annotations").isNotEmpty();
		}
	}

	private static List<String> trimmedGroups() {
		Matcher matcher = TRIM_GROUPS.matcher(Repository.read("infra/kafka.sh"));
		assertThat(matcher.find()).as("infra/kafka.sh sets PROMO_CONSUMER_GROUPS=(...)").isTrue();
		return List.of(matcher.group(1).trim().split("\\s+"));
	}

	/** The group of every listener of every application, less the per-start ones. */
	private static Set<String> durableGroups() {
		Set<String> groups = new TreeSet<>();
		for (String application : Applications.NAMES) {
			for (String listener : listeners(application)) {
				String group = groupOf(application, listener);
				if (!group.contains("${random.uuid}")) {
					groups.add(group);
				}
			}
		}
		return groups;
	}

	/** As spring-kafka picks it: {@code groupId}, else the {@code id} unless {@code idIsGroup = false}, else the default. */
	private static String groupOf(String application, String listener) {
		Matcher groupId = GROUP_ID.matcher(listener);
		if (groupId.find()) {
			String group = groupId.group(1);
			if (group.contains(SERVICE_GROUP)) {
				group = group.replace(SERVICE_GROUP, defaultGroup(application));
			}
			assertThat(group.replace("${random.uuid}", "")).as("a group id this test cannot resolve: " + listener)
				.doesNotContain("${");
			return group;
		}
		assertThat(ID.matcher(listener).find() && !ID_IS_NOT_GROUP.matcher(listener).find())
			.as("a listener whose id is its group (name the group with groupId instead): " + listener)
			.isFalse();
		return defaultGroup(application);
	}

	/** {@code spring.kafka.consumer.group-id} of the application's configuration, its placeholder's default. */
	private static String defaultGroup(String application) {
		Matcher matcher = DEFAULT_GROUP.matcher(Repository.read(application + "/src/main/resources/application.yml"));
		assertThat(matcher.find()).as(application + " sets spring.kafka.consumer.group-id").isTrue();
		Matcher placeholder = PLACEHOLDER_DEFAULT.matcher(matcher.group(1));
		return placeholder.matches() ? placeholder.group(1) : matcher.group(1);
	}

	/** The attribute text of each {@code @KafkaListener(...)} in the application's main sources. */
	private static List<String> listeners(String application) {
		List<String> listeners = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Repository.path(application + "/src/main/java"))) {
			for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				for (int at = source.indexOf("@KafkaListener("); at >= 0; at = source.indexOf("@KafkaListener(", at + 1)) {
					listeners.add(attributes(source, at + "@KafkaListener(".length()));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return listeners;
	}

	/** The text up to the parenthesis that closes the annotation; those inside string literals do not count. */
	private static String attributes(String source, int start) {
		int depth = 1;
		boolean inString = false;
		for (int i = start; i < source.length(); i++) {
			char c = source.charAt(i);
			if (inString) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (c == '"') {
				inString = true;
			}
			else if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth == 0) {
				return source.substring(start, i);
			}
		}
		throw new AssertionError("an @KafkaListener without its closing parenthesis at " + start);
	}

}
