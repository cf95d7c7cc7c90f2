package io.autoscaler.decisionengine.dashboard;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.autoscaler.decisionengine.NotStartedYet;
import io.autoscaler.events.kafka.TopicAdmin;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;

/**
 * Asks the broker who it is every few seconds, with the engine's own credentials and a short timeout, so
 * the dashboard can tell "Kafka unreachable" from "nothing new to read": a consumer that hears nothing
 * cannot tell the two apart. Describing the cluster needs no ACL.
 */
@ApplicationScoped
public class KafkaProbe {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "autoscaler.dashboard.kafka-probe-timeout", defaultValue = "3s")
    Duration timeout;

    private Admin admin;
    /** When the first failed probe in a row began (nanoTime), or null while the broker answers. */
    private volatile Long failingSinceNanos;

    @Scheduled(every = "${autoscaler.dashboard.kafka-probe-every:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = NotStartedYet.class)
    void probe() throws InterruptedException {
        long started = System.nanoTime();
        try {
            admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).clusterId()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            failingSinceNanos = null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (failingSinceNanos == null) {
                failingSinceNanos = started;
            }
        }
    }

    /** Whole seconds since the broker stopped answering; null while it answers. */
    Long unreachableSeconds() {
        Long since = failingSinceNanos;
        return since == null ? null : (System.nanoTime() - since) / 1_000_000_000L;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(TopicAdmin.adminConfig(kafkaConfig, timeout));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
