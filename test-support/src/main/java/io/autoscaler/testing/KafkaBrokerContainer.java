package io.autoscaler.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;

import io.autoscaler.events.kafka.KafkaAccess;
import io.autoscaler.events.kafka.KafkaSecurity;

/**
 * A single-node KRaft broker configured like the stack's (infra/docker-compose.yml; {@code BrokerSettingsTest}
 * keeps the two equal), on the apache/kafka image contract. Secured: the client listeners (INTERNAL for
 * containers on a network, HOST published on 127.0.0.1) take SASL/SCRAM-SHA-512, HOST also PLAIN for the
 * admin; the controller and inter-broker listeners are PLAINTEXT on the container's loopback only, which is
 * why {@code User:ANONYMOUS} may be a super user. {@link #plaintext} is the security-off broker of the
 * benchmark's comparison and nothing else.
 */
public class KafkaBrokerContainer extends GenericContainer<KafkaBrokerContainer> {
    public static final int INTERNAL_PORT = 9092;
    public static final int HOST_PORT = 9094;
    public static final String LOG_DIR = "/var/lib/kafka/data";
    private static final String SCRAM_SERVER = "org.apache.kafka.common.security.scram.ScramLoginModule required;";

    private final int hostPort = freePort();
    private final boolean secured;

    private KafkaBrokerContainer(String adminPassword) {
        super(TestImages.kafka());
        this.secured = adminPassword != null;
        withEnv(secured ? securedSettings() : plaintextSettings());
        if (secured) {
            withEnv("KAFKA_LISTENER_NAME_HOST_PLAIN_SASL_JAAS_CONFIG", adminJaas(adminPassword));
        }
        withEnv("KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka:" + INTERNAL_PORT + ",HOST://127.0.0.1:" + hostPort
                + ",BROKER://127.0.0.1:9091");
        withNetworkAliases("kafka");
        addExposedPort(HOST_PORT);
        // a fixed host port, advertised before start, and kept when the container restarts
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                List.of(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), ExposedPort.tcp(HOST_PORT)))));
        waitingFor(Wait.forLogMessage(".*Transitioning from RECOVERY to RUNNING.*", 1)
                .withStartupTimeout(Duration.ofMinutes(2)));
    }

    public static KafkaBrokerContainer secured(String adminPassword) {
        KafkaSecurity.admin(adminPassword); // checked like every client's
        return new KafkaBrokerContainer(adminPassword);
    }

    /** No authentication, no ACLs: only for the benchmark's security-off comparison. */
    public static KafkaBrokerContainer plaintext() {
        return new KafkaBrokerContainer(null);
    }

    /** The settings the stack's broker runs with, apart from its advertised addresses and the admin secret. */
    public static Map<String, String> securedSettings() {
        Map<String, String> env = common();
        env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
                "INTERNAL:SASL_PLAINTEXT,HOST:SASL_PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT");
        env.put("KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512");
        env.put("KAFKA_LISTENER_NAME_HOST_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512,PLAIN");
        env.put("KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG", SCRAM_SERVER);
        env.put("KAFKA_LISTENER_NAME_HOST_SCRAM___SHA___512_SASL_JAAS_CONFIG", SCRAM_SERVER);
        env.put("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        env.put("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false");
        env.put("KAFKA_SUPER_USERS", "User:" + KafkaAccess.ADMIN + ";User:ANONYMOUS");
        return env;
    }

    static Map<String, String> plaintextSettings() {
        Map<String, String> env = common();
        env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
                "INTERNAL:PLAINTEXT,HOST:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT");
        return env;
    }

    private static Map<String, String> common() {
        Map<String, String> env = new LinkedHashMap<>();
        // sized for one node (README "Footprint")
        env.put("KAFKA_HEAP_OPTS", "-Xms64m -Xmx192m");
        env.put("KAFKA_JVM_PERFORMANCE_OPTS", "-XX:+UseSerialGC");
        env.put("KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE", "16777216");
        env.put("CLUSTER_ID", "aXV0b3NjYWxlci1rYWZrYQ");
        env.put("KAFKA_NODE_ID", "1");
        env.put("KAFKA_PROCESS_ROLES", "broker,controller");
        env.put("KAFKA_LISTENERS", "INTERNAL://:9092,HOST://:9094,BROKER://127.0.0.1:9091,CONTROLLER://127.0.0.1:9093");
        env.put("KAFKA_INTER_BROKER_LISTENER_NAME", "BROKER");
        env.put("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER");
        env.put("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@127.0.0.1:9093");
        env.put("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        env.put("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
        env.put("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        env.put("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1");
        env.put("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        env.put("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        env.put("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        env.put("KAFKA_LOG_DIRS", LOG_DIR);
        return env;
    }

    /** The broker's static PLAIN entry for the admin: from a checked password only. */
    static String adminJaas(String password) {
        KafkaSecurity.admin(password);
        return "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + KafkaAccess.ADMIN + "=\""
                + password + "\";";
    }

    /** Clients on the test's host: 127.0.0.1 and the published port. */
    public String bootstrapServers() {
        return "127.0.0.1:" + hostPort;
    }

    public boolean secured() {
        return secured;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
