package io.autoscaler.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import io.autoscaler.events.kafka.TopicAdmin;
import io.smallrye.common.annotation.Identifier;

/**
 * The service's one admin connection to the broker, made on first use and kept: which topics are still
 * missing ({@link TopicBootstrap}) and where a topic ends ({@link CompactedTopic}'s "loaded"). One client
 * signs in once; a client per question cost each compacted topic a consumer, its sign-in and its metadata
 * fetch while the service started. Safe from any thread.
 */
@ApplicationScoped
public class BrokerAdmin {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private Admin admin;

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(TopicAdmin.adminConfig(kafkaConfig, Duration.ofSeconds(15)));
        }
        return admin;
    }

    /** The topics of the stack this service may see that do not exist yet. */
    public List<String> missingTopics(Duration timeout) throws InterruptedException, TimeoutException,
            ExecutionException {
        return TopicAdmin.missingTopics(admin(), timeout);
    }

    /** Each partition's end offset of {@code topic} now; throws if the broker does not tell within {@code timeout}. */
    public Map<Integer, Long> endOffsets(String topic, Duration timeout) {
        try {
            int ms = (int) timeout.toMillis();
            var description = admin().describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(ms))
                    .allTopicNames().get(ms, TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
            Map<Integer, Long> ends = new HashMap<>();
            admin().listOffsets(latest, new ListOffsetsOptions().timeoutMs(ms)).all().get(ms, TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading where " + topic + " ends", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read where " + topic + " ends: " + e, e);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
