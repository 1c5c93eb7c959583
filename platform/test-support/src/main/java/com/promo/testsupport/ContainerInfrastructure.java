package com.promo.testsupport;

import java.util.List;
import java.util.stream.IntStream;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same servers as {@code ./promo infra up}, started with Testcontainers where a Docker engine
 * answers. The Redis Cluster's six nodes run in one container on fixed host ports 7000-7005 and
 * announce 127.0.0.1, so cluster redirects reach them from the tests.
 */
final class ContainerInfrastructure {

	private static final List<Integer> REDIS_PORTS = IntStream.rangeClosed(7000, 7005).boxed().toList();

	private ContainerInfrastructure() {
	}

	static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	@SuppressWarnings("resource") // containers live as long as the test JVM (Ryuk removes them)
	static TestInfrastructure start() {
		MariaDBContainer mariadb = new MariaDBContainer(DockerImageName.parse("mariadb:11.4"))
			.withUsername(TestInfrastructure.DB_USER)
			.withPassword(TestInfrastructure.DB_PASSWORD)
			.withDatabaseName("promo")
			.withCommand("--max-connections=2000", "--innodb-flush-log-at-trx-commit=2");
		KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.1"));
		GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7.2"))
			.withCommand("sh", "-c", redisClusterScript())
			.withCreateContainerCmdModifier(cmd -> {
				Ports bindings = new Ports();
				REDIS_PORTS.forEach(port -> bindings.bind(ExposedPort.tcp(port), Ports.Binding.bindPort(port)));
				cmd.withExposedPorts(REDIS_PORTS.stream().map(ExposedPort::tcp).toList());
				cmd.withHostConfig(HostConfig.newHostConfig().withPortBindings(bindings));
			})
			.waitingFor(Wait.forLogMessage(".*cluster ready.*", 1));
		List.of(mariadb, kafka, redis).parallelStream().forEach(GenericContainer::start);
		// root may grant: let the promo user create the per-test databases
		try {
			mariadb.execInContainer("mariadb", "-uroot", "-p" + mariadb.getPassword(), "-e",
					"GRANT ALL PRIVILEGES ON *.* TO 'promo'@'%' WITH GRANT OPTION");
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot grant the test user its privileges", ex);
		}
		return new TestInfrastructure(mariadb.getHost(), mariadb.getMappedPort(3306),
				REDIS_PORTS.stream().map(port -> "127.0.0.1:" + port).toList(), kafka.getBootstrapServers());
	}

	private static String redisClusterScript() {
		StringBuilder script = new StringBuilder();
		for (int port : REDIS_PORTS) {
			script.append("redis-server --port ").append(port)
				.append(" --cluster-enabled yes --cluster-config-file nodes-").append(port)
				.append(".conf --cluster-node-timeout 2000 --cluster-announce-ip 127.0.0.1 --protected-mode no")
				.append(" --save '' --appendonly no --daemonize yes; ");
		}
		script.append("sleep 1; redis-cli --cluster create ");
		REDIS_PORTS.forEach(port -> script.append("127.0.0.1:").append(port).append(' '));
		script.append("--cluster-replicas 1 --cluster-yes && ")
			.append("until redis-cli -p 7000 cluster info | grep -q cluster_state:ok; do sleep 0.2; done; ")
			.append("echo cluster ready; tail -f /dev/null");
		return script.toString();
	}

}
