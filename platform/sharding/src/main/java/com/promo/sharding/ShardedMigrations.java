package com.promo.sharding;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Runs Flyway on every physical database of a sharded service (never through ShardingSphere).
 * <ul>
 * <li>{@code db/sharded/V*.sql} hold the sharded tables, written once with {@code {shard}} in
 * place of the table number: each script runs as {@code tablesPerDatabase} copies, {@code {shard}}
 * replaced by 0, 1, ... in every database.</li>
 * <li>{@code db/single/V*.sql} hold the service's unsharded tables, and {@code db/outbox/V*.sql} the
 * outbox library's; they run in the first database only, where ShardingSphere's single-table rule
 * finds them.</li>
 * </ul>
 * Versions are shared, so a service numbers its sharded and single scripts in one sequence.
 */
public final class ShardedMigrations {

	static final String SHARDED = "db/sharded/";

	static final String SINGLE = "db/single/";

	static final String OUTBOX = "db/outbox/";

	private ShardedMigrations() {
	}

	public static void migrate(DataSource physical, int databaseIndex, int tablesPerDatabase) {
		List<LoadableResource> scripts = new ArrayList<>(load(SHARDED, tablesPerDatabase));
		if (databaseIndex == 0) {
			scripts.addAll(load(SINGLE, 1));
			scripts.addAll(load(OUTBOX, 1));
		}
		Flyway.configure()
			.dataSource(physical)
			.resourceProvider(new ScriptsProvider(scripts))
			.locations("classpath:db/none") // every script comes from the provider
			.failOnMissingLocations(false)
			.load()
			.migrate();
	}

	private static List<LoadableResource> load(String folder, int copies) {
		try {
			Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:" + folder + "V*.sql");
			List<LoadableResource> scripts = new ArrayList<>();
			for (Resource resource : resources) {
				String template = resource.getContentAsString(StandardCharsets.UTF_8);
				String expanded = IntStream.range(0, copies)
					.mapToObj(shard -> template.replace("{shard}", Integer.toString(shard)))
					.collect(Collectors.joining("\n"));
				scripts.add(new Script(folder + resource.getFilename(), resource.getFilename(), expanded));
			}
			return scripts;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record ScriptsProvider(List<LoadableResource> scripts) implements ResourceProvider {

		@Override
		public LoadableResource getResource(String name) {
			return this.scripts.stream().filter(s -> s.getFilename().equals(name)).findFirst().orElse(null);
		}

		@Override
		public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
			return this.scripts.stream()
				.filter(s -> s.getFilename().startsWith(prefix))
				.filter(s -> List.of(suffixes).stream().anyMatch(s.getFilename()::endsWith))
				.toList();
		}

	}

	private static final class Script extends LoadableResource {

		private final String path;

		private final String filename;

		private final String content;

		Script(String path, String filename, String content) {
			this.path = path;
			this.filename = filename;
			this.content = content;
		}

		@Override
		public Reader read() {
			return new StringReader(this.content);
		}

		@Override
		public String getAbsolutePath() {
			return this.path;
		}

		@Override
		public String getAbsolutePathOnDisk() {
			return this.path;
		}

		@Override
		public String getFilename() {
			return this.filename;
		}

		@Override
		public String getRelativePath() {
			return this.path;
		}

	}

}
