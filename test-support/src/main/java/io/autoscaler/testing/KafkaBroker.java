package io.autoscaler.testing;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import io.autoscaler.events.kafka.KafkaAccess;
import io.autoscaler.events.kafka.KafkaBootstrap;
import io.autoscaler.events.kafka.KafkaSecurity;

/**
 * One real, secured Kafka broker per test JVM, started on first use and bootstrapped as the stack's is
 * (a SCRAM user per principal of {@link KafkaAccess}, their ACLs, every topic), stopped when the JVM
 * exits (Ryuk may be disabled where its image cannot be pulled). Tests keep apart by using their own
 * pool names, never by wiping topics.
 */
public final class KafkaBroker {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static KafkaBroker shared;

    private final KafkaBrokerContainer container;
    private final Map<String, String> passwords;

    private KafkaBroker(KafkaBrokerContainer container, Map<String, String> passwords) {
        this.container = container;
        this.passwords = passwords;
    }

    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = start(null);
            Runtime.getRuntime().addShutdownHook(new Thread(shared.container::stop, "kafka-broker-stop"));
        }
        return shared;
    }

    /**
     * A secured broker of one's own, bootstrapped; {@code customize} may e.g. put it on a network or a
     * volume before it starts. The caller stops it.
     */
    public static KafkaBroker start(java.util.function.Consumer<KafkaBrokerContainer> customize) {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(KafkaAccess.ADMIN, newPassword());
        KafkaAccess.principals().forEach(p -> passwords.put(p, newPassword()));
        KafkaBroker broker = new KafkaBroker(KafkaBrokerContainer.secured(passwords.get(KafkaAccess.ADMIN)), passwords);
        if (customize != null) {
            customize.accept(broker.container);
        }
        broker.container.start();
        broker.bootstrap();
        return broker;
    }

    /**
     * A new container of the same broker, with the same passwords, started but not bootstrapped: what
     * survives is what its volume kept ({@code customize} puts it on one).
     */
    public KafkaBroker again(java.util.function.Consumer<KafkaBrokerContainer> customize) {
        KafkaBroker broker = new KafkaBroker(KafkaBrokerContainer.secured(passwords.get(KafkaAccess.ADMIN)), passwords);
        customize.accept(broker.container);
        broker.container.start();
        return broker;
    }

    /**
     * A broker without authentication or ACLs, topics created: only for the loop benchmark's
     * security-off comparison. Every principal connects as PLAINTEXT. The caller stops it.
     */
    public static KafkaBroker startPlaintext(java.util.function.Consumer<KafkaBrokerContainer> customize) {
        KafkaBroker broker = new KafkaBroker(KafkaBrokerContainer.plaintext(), Map.of());
        customize.accept(broker.container);
        broker.container.start();
        try {
            io.autoscaler.events.kafka.TopicAdmin.ensureTopics(broker.clientConfig(KafkaAccess.ADMIN), Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the topics on the test broker", e);
        }
        return broker;
    }

    /** Users, ACLs and topics, as {@code infra/stack up} does it; idempotent. */
    public void bootstrap() {
        Map<String, String> services = new LinkedHashMap<>(passwords);
        services.remove(KafkaAccess.ADMIN);
        try {
            KafkaBootstrap.run(clientConfig(KafkaAccess.ADMIN), services, Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new IllegalStateException("cannot bootstrap the test broker", e);
        }
    }

    public String bootstrapServers() {
        return container.bootstrapServers();
    }

    /** The container, for tests that stop, pause or restart the broker. */
    public KafkaBrokerContainer container() {
        return container;
    }

    /** How {@code principal} (a service, {@code viewer} or {@code admin}) connects. */
    public KafkaSecurity security(String principal) {
        if (!container.secured()) {
            return KafkaSecurity.plaintext();
        }
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka principal " + principal);
        }
        return principal.equals(KafkaAccess.ADMIN) ? KafkaSecurity.admin(password)
                : KafkaSecurity.scram(principal, password);
    }

    public Map<String, Object> clientConfig(String principal) {
        return security(principal).clientConfig(bootstrapServers());
    }

    /** Records as the admin: fixtures and hostile records may go anywhere. */
    public KafkaRecords records() {
        return records(KafkaAccess.ADMIN);
    }

    public KafkaRecords records(String principal) {
        return KafkaRecords.at(clientConfig(principal));
    }

    private static String newPassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
