package com.promo.deploy;

import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production overlay's connection budget: on every database server, the pods that can run at once
 * (an HPA's maxReplicas or the fixed replicas, plus the rolling update's surge) times each one's pool to
 * that server fit within the server's max_connections less what is reserved for operators, replication
 * and backups (the promo.dev/max-connections and promo.dev/reserved-connections annotations of its
 * ExternalName Service, overlays/production/external-services.yaml).
 */
class ConnectionBudgetTest {

	private final Rendering production = Rendering.of("overlays/production");

	@Test
	void everyDatabaseServerHoldsThePoolsOfEveryPodThatCanRun() {
		Map<String, Integer> demand = demandPerServer();
		assertThat(demand).as("the servers the applications connect to").isNotEmpty();
		StringBuilder figures = new StringBuilder();
		demand.forEach((server, connections) -> {
			Service service = this.production.get(Service.class, server);
			Map<String, String> annotations = service.getMetadata().getAnnotations();
			assertThat(annotations).as("%s states its budget", server)
				.containsKeys("promo.dev/max-connections", "promo.dev/reserved-connections");
			int available = Integer.parseInt(annotations.get("promo.dev/max-connections"))
					- Integer.parseInt(annotations.get("promo.dev/reserved-connections"));
			figures.append(server).append(": ").append(connections).append(" of ").append(available).append('\n');
			assertThat(connections).as("connections to %s at the most pods (budget %s)", server, available)
				.isLessThanOrEqualTo(available);
		});
		System.out.print(figures);
	}

	@Test
	void theShardsAreEightServersEachHoldingTheWalletAndTheRelationStore() {
		Map<String, Integer> demand = demandPerServer();
		assertThat(demand.keySet()).filteredOn(server -> server.startsWith("promo-mysql-shard-")).hasSize(8);
		assertThat(demand).containsKey("promo-mysql-main");
	}

	@Test
	void readmesBudgetTableSaysWhatTheOverlayAddsUpTo() {
		Map<String, Integer> demand = demandPerServer();
		String readme = Repository.read("README.md");
		assertThat(readme).as("README's connection budget for promo-mysql-main")
			.containsPattern("\\| `promo-mysql-main` \\|[^\n]*= " + demand.get("promo-mysql-main") + " \\|");
		assertThat(readme).as("README's connection budget for each shard")
			.containsPattern("\\| each `promo-mysql-shard-N` \\|[^\n]*= " + demand.get("promo-mysql-shard-0") + " \\|");
	}

	/** Connections per database server (by the host its JDBC URLs name), added up over every application. */
	private Map<String, Integer> demandPerServer() {
		Map<String, Integer> demand = new TreeMap<>();
		for (String application : Applications.NAMES) {
			Map<String, String> environment = this.production.environment(this.production.deployment(application));
			int pods = this.production.mostPods(application);
			for (String variable : Applications.variables(application).keySet()) {
				String url = environment.get(variable);
				if (url == null || !url.startsWith("jdbc:")) {
					continue;
				}
				if (url.contains("{index}")) {
					int pool = poolSize(application, environment, "PROMO_SHARDING_POOL_SIZE");
					int databases = Integer.parseInt(environment.get("PROMO_SHARDING_DATABASES"));
					for (int shard = 0; shard < databases; shard++) {
						String host = OverlaysTest.hosts(url.replace("{index}", Integer.toString(shard))).get(0);
						demand.merge(host, pods * pool, Integer::sum);
					}
				}
				else {
					int pool = poolSize(application, environment, "PROMO_DB_POOL_SIZE");
					demand.merge(OverlaysTest.hosts(url).get(0), pods * pool, Integer::sum);
				}
			}
		}
		return demand;
	}

	/** The pool size is written down for every application that holds one: a default would be a guess. */
	private static int poolSize(String application, Map<String, String> environment, String variable) {
		String size = environment.get(variable);
		assertThat(size).as("%s holds a pool; production sets its size with %s", application, variable).isNotNull();
		return Integer.parseInt(size);
	}

}
