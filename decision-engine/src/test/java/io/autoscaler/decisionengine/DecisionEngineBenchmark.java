package io.autoscaler.decisionengine;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolMembership;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * 1,000 pools × 20 instances, a CPU and an HAProxy snapshot per pool per burst through the real broker,
 * {@code bench.bursts} bursts a second (default 10: 20,000 snapshots/s; 1 is the collector's own pace),
 * in two phases. <b>Load change</b>: every pool runs on target (no decision) for a while, then the load
 * of all pools rises at once; printed: the lag from that first hotter burst to each pool's decision, the
 * product's case. <b>Worst case</b>: each burst's CPU differs from the last enough to move the desired
 * count (24 ↔ 16 instances), so every CPU snapshot asks for a decision; printed: decisions/s and the lag
 * from a snapshot's sending to the decision it caused, as the engine stamps it and as a consumer of
 * scale-events sees it. The machine's load average is printed beside the numbers: the broker, this
 * sender and the engine share its cores.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DecisionEngineBenchmark {
    private static final int POOLS = Integer.getInteger("bench.pools", 1_000);
    private static final int INSTANCES = 20;
    private static final int BURSTS = Integer.getInteger("bench.bursts", 10);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);

    private final SnapshotTemplates templates = new SnapshotTemplates(INSTANCES);
    private final Map<String, Map<Long, Long>> sentAt = new ConcurrentHashMap<>();
    private final List<Long> engineLagMs = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> seenLagMs = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> burstSendMs = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger decisions = new AtomicInteger();
    private volatile long lastDecisionSeenAt;
    private final AtomicBoolean readerStop = new AtomicBoolean();
    /** Load-change phase: when the hotter CPU was first sent, and each pool's lag to its decision. */
    private static final double HOTTER = 70.0;
    private volatile long hotterSentAt;
    private final Map<String, Long> hotterLagMs = new ConcurrentHashMap<>();
    private static final int STEADY_SECONDS = Integer.getInteger("bench.steady-seconds", 10);

    @Test
    void decisionsPerSecondAndLag() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 4);
        List<String> pools = new ArrayList<>();
        for (int i = 0; i < POOLS; i++) {
            pools.add("bench-" + run + "-" + i);
        }
        try (KafkaProducer<String, byte[]> producer = producer()) {
            Set<String> created = ConcurrentHashMap.newKeySet();
            AtomicBoolean measuring = new AtomicBoolean();
            readerStop.set(false);
            Thread reader = new Thread(() -> readDecisions(run, created, measuring), "bench-decisions");
            reader.setDaemon(true);
            reader.start();

            for (String pool : pools) {
                producer.send(new ProducerRecord<>(Topics.POOLS, pool, EventJson.encode(spec(pool))));
                producer.send(new ProducerRecord<>(Topics.MEMBERSHIP, pool, EventJson.encode(membership(pool))));
            }
            producer.flush();
            await().atMost(Duration.ofMinutes(5)).until(() -> created.size() == POOLS);
            System.out.printf("%d pools created and decided at minReplicas%n", POOLS);

            loadChange(producer, pools);

            String loadBefore = loadAverage();
            burstSendMs.clear();
            ThreadCpu threads = new ThreadCpu();
            long start = System.currentTimeMillis();
            measuring.set(true);
            int bursts = SECONDS * BURSTS;
            pace(start, bursts, burst -> sendBurst(producer, pools, burst));
            long sendEnd = System.currentTimeMillis();
            int expected = POOLS * bursts;
            // let the decisions of the last burst arrive (or give up after 30 s)
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> decisions.get() >= expected || System.currentTimeMillis() - sendEnd > 29_000);
            long end = System.currentTimeMillis();
            measuring.set(false);
            readerStop.set(true);
            reader.join(10_000);

            // up to the last decision seen: waiting for ones that never come is not deciding time
            double elapsed = (Math.min(end, Math.max(lastDecisionSeenAt, sendEnd)) - start) / 1000.0;
            System.out.printf("=== DecisionEngineBenchmark: worst case (load average %s → %s, %d cores) ===%n",
                    loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors());
            System.out.printf("pools %d × %d instances: %d CPU + %d HAProxy snapshots sent in %.1f s (%d bursts,"
                    + " %.0f snapshots/s; a burst took p50 %d ms, max %d ms to send)%n", POOLS, INSTANCES, expected,
                    expected, (sendEnd - start) / 1000.0, bursts, 2.0 * expected / ((sendEnd - start) / 1000.0),
                    percentile(burstSendMs, 50), percentile(burstSendMs, 100));
            System.out.printf("decisions: %d of %d expected in %.1f s → %.0f decisions/s%n", decisions.get(), expected,
                    elapsed, decisions.get() / elapsed);
            System.out.printf("snapshot → decision (engine timestamp): p50 %d ms, p99 %d ms, max %d ms%n",
                    percentile(engineLagMs, 50), percentile(engineLagMs, 99), percentile(engineLagMs, 100));
            System.out.printf("snapshot → decision seen by a consumer:  p50 %d ms, p99 %d ms, max %d ms%n",
                    percentile(seenLagMs, 50), percentile(seenLagMs, 99), percentile(seenLagMs, 100));
            System.out.println(threads.since(2.0 * expected, "snapshot sent"));
        }
    }

    /** On target for a while (50 % of 20 instances: no decision), then 70 % everywhere: 28 instances. */
    private void loadChange(KafkaProducer<String, byte[]> producer, List<String> pools) {
        String loadBefore = loadAverage();
        burstSendMs.clear();
        ThreadCpu threads = new ThreadCpu();
        long start = System.currentTimeMillis();
        int seconds = STEADY_SECONDS + 10;
        pace(start, seconds * BURSTS, burst -> {
            double cpu = burst < STEADY_SECONDS * BURSTS ? 50.0 : HOTTER;
            long now = System.currentTimeMillis();
            if (burst == STEADY_SECONDS * BURSTS) {
                hotterSentAt = now;
            }
            send(producer, pools, cpu, Instant.ofEpochMilli(now));
        });
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> hotterLagMs.size() == POOLS || System.currentTimeMillis() - start > seconds * 1000L + 29_000);
        List<Long> lags = new ArrayList<>(hotterLagMs.values());
        System.out.printf("=== DecisionEngineBenchmark: load change (load average %s → %s, %d cores) ===%n",
                loadBefore, loadAverage(), Runtime.getRuntime().availableProcessors());
        System.out.printf("%d pools at %d bursts/s (%d snapshots/s; a burst took p50 %d ms, max %d ms to send), on"
                + " target for %d s, then all hotter at once: %d of %d decided; first hotter snapshot → decision"
                + " p50 %d ms, p99 %d ms, max %d ms%n", POOLS, BURSTS, 2 * POOLS * BURSTS, percentile(burstSendMs, 50),
                percentile(burstSendMs, 100), STEADY_SECONDS, hotterLagMs.size(), POOLS, percentile(lags, 50),
                percentile(lags, 99), percentile(lags, 100));
        System.out.println(threads.since(2.0 * POOLS * BURSTS * seconds, "snapshot sent"));
    }

    /** Runs {@code bursts} bursts at BURSTS a second; a burst that overruns its slot is followed at once. */
    private void pace(long start, int bursts, java.util.function.IntConsumer burst) {
        for (int i = 0; i < bursts; i++) {
            long began = System.currentTimeMillis();
            burst.accept(i);
            burstSendMs.add(System.currentTimeMillis() - began);
            LockSupport.parkUntil(start + (i + 1) * 1000L / BURSTS);
        }
    }

    private void sendBurst(KafkaProducer<String, byte[]> producer, List<String> pools, int burst) {
        // 60 % asks for 24 of 20 instances, 40 % for 16; the thousandths keep each burst's value unique
        double cpu = (burst % 2 == 0 ? 60 : 40) + burst / 1000.0;
        long now = System.currentTimeMillis();
        for (String pool : pools) {
            sentAt.computeIfAbsent(pool, p -> new ConcurrentHashMap<>()).put(key(cpu), now);
        }
        send(producer, pools, cpu, Instant.ofEpochMilli(now));
    }

    private void send(KafkaProducer<String, byte[]> producer, List<String> pools, double cpu, Instant at) {
        String timestamp = SnapshotTemplates.timestamp(at);
        for (String pool : pools) {
            producer.send(new ProducerRecord<>(Topics.METRICS_CPU, pool, templates.cpu(pool, cpu, timestamp)));
            producer.send(new ProducerRecord<>(Topics.METRICS_HAPROXY, pool, templates.haproxy(pool, timestamp)));
        }
    }

    private static String loadAverage() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private void readDecisions(String run, Set<String> created, AtomicBoolean measuring) {
        Properties props = new Properties();
        props.putAll(KafkaBroker.shared().clientConfig("admin"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + run);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.SCALE_EVENTS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (!readerStop.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.key() == null || !r.key().startsWith("bench-" + run) || r.value() == null) {
                        continue;
                    }
                    ScaleDecision d = EventJson.decode(r.value(), ScaleDecision.class);
                    if (d.reason().contains("pool created")) {
                        created.add(d.pool());
                    } else if (hotterSentAt > 0 && !measuring.get() && d.metrics().get("cpu") != null
                            && key(d.metrics().get("cpu")) == key(HOTTER)) {
                        hotterLagMs.putIfAbsent(d.pool(), d.timestamp().toEpochMilli() - hotterSentAt);
                    } else if (measuring.get()) {
                        Long sent = sentAt.getOrDefault(d.pool(), Map.of()).get(key(d.metrics().get("cpu")));
                        if (sent != null) {
                            decisions.incrementAndGet();
                            lastDecisionSeenAt = System.currentTimeMillis();
                            engineLagMs.add(d.timestamp().toEpochMilli() - sent);
                            seenLagMs.add(System.currentTimeMillis() - sent);
                        }
                    }
                }
            }
        }
    }

    /** The snapshot a decision came from, by its CPU value; the engine's average may differ in the last bit. */
    private static long key(double cpu) {
        return Math.round(cpu * 1000);
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return -1;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        // the admin: the benchmark plays the metrics-collector and writes pools too
        props.putAll(KafkaBroker.shared().clientConfig("admin"));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static PoolSpec spec(String pool) {
        PoolSpec.Rules free = new PoolSpec.Rules(0L, 100, 1000, 0L);
        return PoolSpec.of(pool, "autoscaler/demo-app").withReplicas(1, 50)
                .withPolicy(new PoolSpec.Policy("target-tracking", List.of(new PoolSpec.MetricTarget("cpu", 50.0)),
                        null, 0.1, free, free, 0L))
                .withTimestamp(Timestamps.now());
    }

    private static PoolMembership membership(String pool) {
        List<PoolMembership.Instance> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new PoolMembership.Instance(Fixtures.instanceId(i), String.format("%012x", i),
                    "127.0.0." + (i % 250 + 2), 8080, PoolMembership.State.RUNNING, Timestamps.now().minus(Duration.ofHours(1))));
        }
        return new PoolMembership(pool, 1, INSTANCES, instances, Timestamps.now());
    }
}
