package io.autoscaler.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Holds readiness down until the topics this service may use exist. The admin bootstrap
 * ({@code infra/stack up}) creates them with their policies; a service has no right to create topics.
 * Runs beside start-up, retrying with backoff while Kafka is unreachable or the topics are missing,
 * so the service starts even when the broker comes later.
 */
@Readiness
@ApplicationScoped
public class TopicBootstrap implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(TopicBootstrap.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    BrokerAdmin broker;

    private final AtomicBoolean ready = new AtomicBoolean();
    private volatile Thread worker;

    void onStart(@Observes StartupEvent event) {
        worker = new Thread(this::checkUntilDone, "topic-bootstrap");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    private void checkUntilDone() {
        Duration backoff = FIRST_BACKOFF;
        while (!ready.get()) {
            try {
                List<String> missing = broker.missingTopics(Duration.ofSeconds(15));
                if (missing.isEmpty()) {
                    LOG.infof("Topics ready at %s", bootstrapServers());
                    ready.set(true);
                    return;
                }
                LOG.warnf("Topics %s missing at %s (infra/stack up creates them); checking again in %d s", missing,
                        bootstrapServers(), backoff.toSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("Cannot check topics at %s (%s); retrying in %d s", bootstrapServers(), e, backoff.toSeconds());
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private String bootstrapServers() {
        return String.valueOf(kafkaConfig.get("bootstrap.servers"));
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("autoscaler-topics").status(ready.get())
                .withData("bootstrap.servers", bootstrapServers()).build();
    }
}
