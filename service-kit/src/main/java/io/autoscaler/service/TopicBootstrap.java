package io.autoscaler.service;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.autoscaler.events.kafka.TopicAdmin;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes sure the topics of DESIGN.md exist with their policies, whichever service starts first.
 * Runs beside start-up, retrying with backoff while Kafka is unreachable, and holds readiness
 * down until done, so the service starts even when the broker comes later.
 */
@Readiness
@ApplicationScoped
public class TopicBootstrap implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "autoscaler.topics.create", defaultValue = "true")
    boolean create;

    private final AtomicBoolean ready = new AtomicBoolean();
    private volatile Thread worker;

    void onStart(@Observes StartupEvent event) {
        if (!create) {
            ready.set(true);
            return;
        }
        worker = new Thread(this::ensureUntilDone, "topic-bootstrap");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    private void ensureUntilDone() {
        Duration backoff = FIRST_BACKOFF;
        while (!ready.get()) {
            try {
                List<String> created = TopicAdmin.ensureTopics(bootstrapServers, Duration.ofSeconds(15));
                LOG.infof("Topics ready at %s%s", bootstrapServers, created.isEmpty() ? "" : "; created " + created);
                ready.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("Cannot ensure topics at %s (%s); retrying in %d s", bootstrapServers, e, backoff.toSeconds());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("autoscaler-topics").status(ready.get())
                .withData("bootstrap.servers", bootstrapServers).build();
    }
}
