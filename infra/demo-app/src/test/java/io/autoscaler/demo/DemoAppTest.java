package io.autoscaler.demo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoAppTest {
    private static DemoApp app;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        app = DemoApp.start(0, "test-host");
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void rootSaysWhoAnswered() throws Exception {
        HttpResponse<String> response = get("/");

        assertEquals(200, response.statusCode());
        assertEquals("{\"host\":\"test-host\",\"message\":\"Hello\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> response = get("/health");

        assertEquals(200, response.statusCode());
        assertThat(response.body(), containsString("UP"));
    }

    @Test
    void workBurnsTheRequestedCpuTime() throws Exception {
        Map<Long, Long> before = handlerCpuNanos();

        HttpResponse<String> response = get("/work?ms=300");

        assertEquals(200, response.statusCode());
        assertThat(response.body(), containsString("\"workMs\":300"));
        assertThat(cpuSince(before), greaterThanOrEqualTo(Duration.ofMillis(300).toNanos()));
    }

    @Test
    void sleepWaitsWithoutBurningCpu() throws Exception {
        Map<Long, Long> before = handlerCpuNanos();
        long start = System.nanoTime();

        HttpResponse<String> response = get("/sleep?ms=300");

        assertEquals(200, response.statusCode());
        assertThat(System.nanoTime() - start, greaterThanOrEqualTo(Duration.ofMillis(300).toNanos()));
        assertThat("CPU the handler used while sleeping", cpuSince(before), lessThan(Duration.ofMillis(150).toNanos()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/work,             400, missing parameter ms",
            "/work?ms=abc,      400, whole number",
            "/sleep?ms=-1,      400, between 0 and 60000",
            "/sleep?ms=60001,   400, between 0 and 60000",
            "/nowhere,          404, no such path"})
    void badRequestsGetAClearError(String path, int status, String message) throws Exception {
        HttpResponse<String> response = get(path);

        assertEquals(status, response.statusCode());
        assertThat(response.body(), containsString(message));
    }

    @Test
    void onlyGetIsServed() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode());
    }

    /**
     * CPU time of the app's request threads only, by thread id. The whole process's CPU time also counts the
     * JIT compiler, GC and the test's HTTP client, which made a sleeping request look busy on a loaded machine.
     */
    private static Map<Long, Long> handlerCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals("demo-http")) {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    private static long cpuSince(Map<Long, Long> before) {
        return handlerCpuNanos().entrySet().stream()
                .mapToLong(now -> now.getValue() - before.getOrDefault(now.getKey(), 0L))
                .sum();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }
}
