package io.autoscaler.metricscollector;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.autoscaler.events.CpuSnapshot;
import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.metricscollector.core.Outage;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends snapshots to {@code autoscaler.metrics.cpu} and {@code autoscaler.metrics.haproxy}, keyed by
 * pool. Metrics are only worth their freshness: while Kafka is away the oldest are dropped rather
 * than piled up, and the outage is logged once.
 */
@ApplicationScoped
public class SnapshotPublisher {
    private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

    @Inject
    @Channel("metrics-cpu")
    @OnOverflow(value = OnOverflow.Strategy.DROP)
    Emitter<CpuSnapshot> cpu;

    @Inject
    @Channel("metrics-haproxy")
    @OnOverflow(value = OnOverflow.Strategy.DROP)
    Emitter<HaproxySnapshot> haproxy;

    @Inject
    MeterRegistry registry;

    private final Outage kafka = new Outage();

    public void publish(CpuSnapshot snapshot) {
        cpu.send(message(snapshot, snapshot.pool(), "cpu"));
    }

    public void publish(HaproxySnapshot snapshot) {
        haproxy.send(message(snapshot, snapshot.pool(), "haproxy"));
    }

    private <T> Message<T> message(T snapshot, String pool, String kind) {
        var key = OutgoingKafkaRecordMetadata.<String> builder().withKey(pool).build();
        return Message.of(snapshot, Metadata.of(key), () -> {
            sent();
            registry.counter("autoscaler.collector.snapshots", "pool", pool, "kind", kind).increment();
            return CompletableFuture.completedFuture(null);
        }, error -> {
            failed(error);
            registry.counter("autoscaler.collector.snapshots.failed", "pool", pool, "kind", kind).increment();
            return CompletableFuture.completedFuture(null);
        });
    }

    private synchronized void sent() {
        if (kafka.succeeded() == Outage.Change.CAME_BACK) {
            LOG.infof("Kafka takes snapshots again after %d failed sends", kafka.failures());
        }
    }

    private synchronized void failed(Throwable error) {
        if (kafka.failed() == Outage.Change.WENT_DOWN) {
            LOG.warnf("Cannot send snapshots to Kafka (%s); dropping them until it answers", error.toString());
        }
    }
}
