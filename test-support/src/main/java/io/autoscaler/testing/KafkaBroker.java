package io.autoscaler.testing;

import java.time.Duration;

import org.testcontainers.kafka.KafkaContainer;

import io.autoscaler.events.kafka.TopicAdmin;

/**
 * One real Kafka broker per test JVM, started on first use with every topic of DESIGN.md created,
 * and stopped when the JVM exits (Ryuk may be disabled where its image cannot be pulled).
 * Tests keep apart by using their own pool names, never by wiping topics.
 */
public final class KafkaBroker {
    private static KafkaBroker shared;

    private final KafkaContainer container;

    private KafkaBroker(KafkaContainer container) {
        this.container = container;
    }

    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            KafkaContainer container = startContainer();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-broker-stop"));
            shared = new KafkaBroker(container);
            shared.createTopics();
        }
        return shared;
    }

    /**
     * A broker of the caller's own, set up as the shared one, for a test that stops it without disturbing
     * the others; the caller stops it ({@link #container()}).
     */
    public static KafkaBroker startOwn() {
        KafkaBroker own = new KafkaBroker(startContainer());
        own.createTopics();
        return own;
    }

    private static KafkaContainer startContainer() {
        KafkaContainer container = new KafkaContainer(TestImages.kafka())
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withStartupTimeout(Duration.ofMinutes(2));
        container.start();
        return container;
    }

    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    /** The container, for tests that stop, pause or restart the broker. */
    public KafkaContainer container() {
        return container;
    }

    public KafkaRecords records() {
        return new KafkaRecords(bootstrapServers());
    }

    private void createTopics() {
        try {
            TopicAdmin.ensureTopics(bootstrapServers(), Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the topics on the test broker", e);
        } 
    }
}
