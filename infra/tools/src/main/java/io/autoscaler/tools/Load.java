package io.autoscaler.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady HTTP load at a fixed rate: requests leave on schedule whether or not earlier ones have been
 * answered (open loop), so a slow or failing backend shows as latency and failures, not as a quietly
 * lower rate. Ends with status codes, errors, latency percentiles and which hosts answered.
 *
 * <pre>java io.autoscaler.tools.Load --url http://127.0.0.1:8080/work?ms=20 --rate 50 --duration 60</pre>
 */
public final class Load implements AutoCloseable {
    private static final Pattern HOST = Pattern.compile("\"host\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient http;
    private final URI url;
    private final double ratePerSecond;
    private final Duration timeout;
    private final Thread pacer;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
    private final String host;
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> hosts = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstAnswerByHost = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stopping;
    private volatile long startNanos;
    private volatile long stopNanos;

    private Load(URI url, String host, double ratePerSecond, Duration timeout) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.url = url;
        this.host = host == null || host.isEmpty() ? null : HostHeader.require(host);
        this.ratePerSecond = ratePerSecond;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.pacer = new Thread(this::pace, "load-pacer");
        this.pacer.setDaemon(true);
    }

    /** Starts sending {@code ratePerSecond} GET requests to {@code url} until {@link #stop()}. */
    public static Load start(URI url, double ratePerSecond, Duration timeout) {
        return start(url, null, ratePerSecond, timeout);
    }

    /**
     * The same with a {@code Host} header of its own (null: the URL's), to reach a pool routed by host
     * name through HAProxy's one address; needs {@link HostHeader#allow()} before the first HTTP client.
     */
    public static Load start(URI url, String host, double ratePerSecond, Duration timeout) {
        Load load = new Load(url, host, ratePerSecond, timeout);
        load.startNanos = System.nanoTime();
        load.pacer.start();
        return load;
    }

    /** Runs for {@code duration}, then stops and reports. */
    public static Report run(URI url, String host, double ratePerSecond, Duration duration, Duration timeout)
            throws InterruptedException {
        try (Load load = start(url, host, ratePerSecond, timeout)) {
            load.pacer.join(duration.toMillis());
            return load.stop();
        }
    }

    private void pace() {
        long periodNanos = (long) (TimeUnit.SECONDS.toNanos(1) / ratePerSecond);
        for (long i = 0; !stopping; i++) {
            long due = startNanos + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0 && !stopping) {
                LockSupport.parkNanos(wait);
            }
            if (!stopping) {
                send();
            }
        }
    }

    private void send() {
        sent.incrementAndGet();
        long begin = System.nanoTime();
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout).GET();
        if (host != null) {
            builder.header("Host", host);
        }
        HttpRequest request = builder.build();
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        // tracked until its outcome is recorded, so that a report never misses an answered request
        CompletableFuture<Void> recorded = response.handle((answer, error) -> {
            record(begin, answer, error);
            return null;
        });
        inFlight.add(recorded);
        recorded.whenComplete((ignored, error) -> inFlight.remove(recorded));
    }

    private void record(long begin, HttpResponse<String> response, Throwable error) {
        latenciesMicros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - begin));
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            count(outcomes, "error " + cause.getClass().getSimpleName() + said(cause));
            return;
        }
        count(outcomes, Integer.toString(response.statusCode()));
        Matcher host = HOST.matcher(response.body());
        if (response.statusCode() / 100 == 2 && host.find()) {
            count(hosts, host.group(1));
            firstAnswerByHost.putIfAbsent(host.group(1), Instant.now());
        }
    }

    /** Stops sending, waits for the requests still out (up to their timeout) and reports. */
    public Report stop() {
        if (!stopping) {
            stopping = true;
            stopNanos = System.nanoTime();
            LockSupport.unpark(pacer);
            try {
                pacer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            CompletableFuture<?>[] pending = inFlight.toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(pending).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // failures are counted per request; a request still out after its timeout is counted below
            }
        }
        return report();
    }

    /** What has been seen so far, without stopping. */
    public Report report() {
        List<Long> sorted;
        synchronized (latenciesMicros) {
            sorted = new ArrayList<>(latenciesMicros);
        }
        Collections.sort(sorted);
        Map<String, Long> byOutcome = snapshot(outcomes);
        long unanswered = stopping ? inFlight.size() : 0;
        if (unanswered > 0) {
            byOutcome.merge("error unanswered", unanswered, Long::sum);
        }
        long end = stopping ? stopNanos : System.nanoTime();
        return new Report(sent.get(), byOutcome, snapshot(hosts), Map.copyOf(firstAnswerByHost),
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1), Duration.ofNanos(end - startNanos));
    }

    @Override
    public void close() {
        stop();
    }

    /** The first line of an error's message: it tells a closed connection from a refused or timed-out one. */
    private static String said(Throwable error) {
        String first = error.getMessage() == null ? "" : error.getMessage().lines().findFirst().orElse("").strip();
        return first.isEmpty() ? "" : " (" + first.substring(0, Math.min(80, first.length())) + ")";
    }

    private static void count(Map<String, AtomicLong> counts, String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** The outcome of a load run; latencies in microseconds. */
    public record Report(long sent, Map<String, Long> outcomes, Map<String, Long> hosts,
            Map<String, Instant> firstAnswerByHost, long p50Micros, long p90Micros, long p99Micros, long maxMicros,
            Duration elapsed) {

        public long succeeded() {
            return outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("2")).mapToLong(Map.Entry::getValue)
                    .sum();
        }

        /** Every request that did not get a 2xx: other status codes, errors, no answer. */
        public long failed() {
            return sent - succeeded();
        }

        public String format() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("requests  %d in %.1f s (%.1f/s); %d ok, %d failed%n", sent,
                    elapsed.toMillis() / 1000.0, sent * 1000.0 / Math.max(1, elapsed.toMillis()), succeeded(),
                    failed()));
            out.append("outcomes ");
            outcomes.forEach((k, v) -> out.append(' ').append(k).append(": ").append(v));
            out.append(String.format("%nlatency   p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", p50Micros / 1000.0,
                    p90Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0));
            out.append("hosts    ");
            hosts.forEach((k, v) -> out.append(' ').append(k).append(": ").append(v));
            return out.append('\n').toString();
        }
    }

    public static void main(String[] args) throws Exception {
        HostHeader.allow();
        Map<String, String> options = Options.parse(args, Map.of("url", "http://127.0.0.1:8080/", "rate", "50",
                "duration", "30", "timeout", "10", "host", ""));
        URI url = URI.create(options.get("url"));
        String host = options.get("host");
        double rate = Double.parseDouble(options.get("rate"));
        Duration duration = Duration.ofMillis((long) (Double.parseDouble(options.get("duration")) * 1000));
        System.out.printf("GET %s%s at %.1f/s for %d s%n", url, host.isEmpty() ? "" : " (Host: " + host + ")", rate,
                duration.toSeconds());
        Report report = run(url, host, rate, duration, Duration.ofSeconds(Long.parseLong(options.get("timeout"))));
        System.out.print(report.format());
        System.exit(report.failed() == 0 ? 0 : 1);
    }
}
