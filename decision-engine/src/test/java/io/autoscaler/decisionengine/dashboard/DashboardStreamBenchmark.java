package io.autoscaler.decisionengine.dashboard;

import static io.autoscaler.decisionengine.Fixtures.cpu;
import static io.autoscaler.decisionengine.Fixtures.running;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import io.autoscaler.events.HaproxySnapshot;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Timestamps;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.service.PoolCatalog;
import io.autoscaler.testing.HeadlessChromium;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dashboard at 1,000 pools (-Dbench.pools), each with a CPU and an HAProxy snapshot a second through the
 * real broker. Printed: the engine's process CPU (cores) for {@code bench.seconds} with no dashboard open,
 * then with an overview and one pool subscribed; the bytes/s the stream pushes; the page's first
 * contentful paint in headless Chromium and the time until the overview lists every pool.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class DashboardStreamBenchmark {
    private static final int POOLS = Integer.getInteger("bench.pools", 1_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int INSTANCES = 4;

    private final KafkaProducer<String, byte[]> producer = producer();

    @Inject
    PoolCatalog catalog;

    @Inject
    Feed feed;

    @TestHTTPResource("/dashboard/")
    URL page;

    @Test
    void streamCostAtAThousandPools() throws Exception {
        String prefix = "bench" + Long.toHexString(System.nanoTime() & 0xffffff) + "-";
        List<String> pools = new ArrayList<>();
        for (int i = 0; i < POOLS; i++) {
            String pool = prefix + i;
            pools.add(pool);
            send(Topics.POOLS, pool, PoolSpec.of(pool, "autoscaler/demo-app:latest").withReplicas(INSTANCES, 8));
            send(Topics.MEMBERSHIP, pool, running(pool, INSTANCES));
        }
        producer.flush();
        await().atMost(Duration.ofMinutes(3)).until(() -> pools.stream().allMatch(p -> catalog.pool(p).isPresent()));

        Thread feeder = new Thread(() -> feed(pools), "bench-feeder");
        feeder.setDaemon(true);
        feeder.start();
        try {
            measure("no dashboard open", () -> 0L);
            AtomicLong received = new AtomicLong();
            HttpClient http = HttpClient.newHttpClient();
            List<InputStream> streams = List.of(subscribe(http, "stream", received),
                    subscribe(http, "stream?pool=" + pools.get(0), received));
            long sentBefore = feed.bytesSent();
            long receivedBefore = received.get();
            measure("overview + one pool subscribed", () -> received.get() - receivedBefore);
            System.out.printf("  stream: %.0f bytes/s pushed by the engine%n",
                    (feed.bytesSent() - sentBefore) / (double) SECONDS);
            for (InputStream s : streams) {
                s.close();
            }
            firstPaint(pools.size());
        } finally {
            feeder.interrupt();
            pools.forEach(p -> send(Topics.POOLS, p, null));
            producer.close();
        }
    }

    private void send(String topic, String key, Object event) {
        producer.send(new ProducerRecord<>(topic, key, event == null ? null : EventJson.encode(event)));
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        // the admin: the benchmark plays the collector and the provisioner, and writes pools too
        props.putAll(KafkaBroker.shared().clientConfig("admin"));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** One CPU and one HAProxy snapshot per pool per second, paced. */
    private void feed(List<String> pools) {
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            for (String pool : pools) {
                send(Topics.METRICS_CPU, pool, cpu(pool, INSTANCES, 40 + Math.random() * 20));
                send(Topics.METRICS_HAPROXY, pool, new HaproxySnapshot(pool, pool, Timestamps.now(), List.of(),
                        new HaproxySnapshot.Totals(INSTANCES, 0, 10 + Math.random())));
            }
            next += 1_000_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000); // pacing the load, not synchronizing
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void measure(String phase, java.util.function.LongSupplier bytes) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(SECONDS * 1000L); // the measurement window
        double cores = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
        System.out.printf("%d pools, %s: process CPU %.2f cores over %d s (engine, broker client and feeder); "
                + "clients received %.0f bytes/s; load average %.1f%n", POOLS, phase, cores, SECONDS,
                bytes.getAsLong() / (double) SECONDS, os.getSystemLoadAverage());
    }

    private InputStream subscribe(HttpClient http, String path, AtomicLong received) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(page + path)).header("Accept", "text/event-stream")
                .build();
        InputStream body = http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try {
                for (int n; (n = body.read(buffer)) >= 0;) {
                    received.addAndGet(n);
                }
            } catch (java.io.IOException closed) {
                // the benchmark closed it
            }
        }, "bench-sse-reader");
        reader.setDaemon(true);
        reader.start();
        return body;
    }

    /**
     * The page's own times (first contentful paint, and its mark once the overview's first full list is in
     * the table) and the time until WebDriver counts every row, counted in the page by one script call per
     * poll rather than by fetching 1,000 elements over WebDriver.
     */
    private void firstPaint(int pools) throws Exception {
        ChromeDriver browser = HeadlessChromium.start(1280, 800);
        try {
            long start = System.nanoTime();
            browser.get(page.toString());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> ((Number) browser
                    .executeScript("return document.querySelectorAll('#pools tbody tr').length")).intValue() >= pools);
            long seen = (System.nanoTime() - start) / 1_000_000;
            Object paint = browser.executeScript("const p = performance.getEntriesByName('first-contentful-paint')[0];"
                    + " return p ? Math.round(p.startTime) : null;");
            Object listed = browser.executeScript("const m = performance.getEntriesByName('overview-listed')[0];"
                    + " return m ? Math.round(m.startTime) : null;");
            long fetch = System.nanoTime();
            int fetched = browser.findElements(By.cssSelector("#pools tbody tr")).size();
            System.out.printf("dashboard: first contentful paint %s ms; all %d pools in the page's table %s ms after "
                    + "navigation (its own mark), counted by the test after %d ms; load average %.1f; fetching the %d "
                    + "rows as WebDriver elements, as the benchmark did before, takes %d ms a poll%n", paint, pools,
                    listed, seen, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), fetched,
                    (System.nanoTime() - fetch) / 1_000_000);
        } finally {
            browser.quit();
        }
    }
}
