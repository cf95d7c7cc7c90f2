package io.autoscaler.lbconfigurator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A few client threads sending requests to one loopback frontend back to back, counting answers by
 * the app host that served them and every failure (non-200 or I/O error). Stops on {@link #close()}.
 */
final class SteadyLoad implements AutoCloseable {
    private static final Pattern HOST = Pattern.compile("\"host\":\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    /** {@code onAnswer} sees each serving host right after its answer, on the client thread. */
    SteadyLoad(String url, int clients, Consumer<String> onAnswer) {
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                while (running) {
                    send(url, onAnswer);
                }
            }, "load-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    private void send(String url, Consumer<String> onAnswer) {
        try {
            long sent = System.nanoTime();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            slowestNanos.accumulateAndGet(System.nanoTime() - sent, Math::max);
            if (response.statusCode() != 200) {
                failures.add(response.statusCode() + " " + response.body());
                return;
            }
            ok.incrementAndGet();
            Matcher host = HOST.matcher(response.body());
            if (host.find()) {
                servedBy.computeIfAbsent(host.group(1), h -> new AtomicInteger()).incrementAndGet();
                onAnswer.accept(host.group(1));
            }
        } catch (java.io.IOException e) {
            failures.add(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    long succeeded() {
        return ok.get();
    }

    int servedBy(String host) {
        AtomicInteger n = servedBy.get(host);
        return n == null ? 0 : n.get();
    }

    /** The longest a request took to be answered (whatever the answer), since the load started. */
    Duration slowest() {
        return Duration.ofNanos(slowestNanos.get());
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(35_000);
        }
    }
}
