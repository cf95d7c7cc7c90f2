package io.autoscaler.tools;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class LoadTest {
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            int n = served.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            int status = path.equals("/flaky") && n % 4 == 0 ? 503 : 200;
            if (path.equals("/shop") && !"shop.localhost".equals(exchange.getRequestHeaders().getFirst("Host"))) {
                status = 404; // as HAProxy's host route would, had the header not been sent
            }
            if (path.equals("/slow")) {
                sleep(300);
            }
            byte[] body = ("{\"host\":\"h" + (n % 2) + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aHostOfItsOwnReachesTheServerInTheHostHeader() throws Exception {
        HostHeader.allow();
        Load.Report report = Load.run(url("/shop"), "shop.localhost", 20, Duration.ofMillis(500), Duration.ofSeconds(5));
        assertEquals(0, report.failed());
        assertThat(report.succeeded(), greaterThanOrEqualTo(5L));
    }

    @Test
    void aHostThatWouldAddAHeaderIsRefused() {
        for (String bad : List.of("shop.localhost\r\nX-Evil: 1", "shop localhost", "Shop.Example", "")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> HostHeader.require(bad), bad);
        }
    }

    @Test
    void sendsAtTheGivenRateAndCountsWhoAnswered() throws Exception {
        Load.Report report = Load.run(url("/"), null, 100, Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThat(report.sent(), allOf(greaterThanOrEqualTo(190L), lessThanOrEqualTo(201L)));
        assertEquals(0, report.failed());
        assertEquals(report.sent(), report.hosts().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(List.of("h0", "h1"), List.copyOf(report.hosts().keySet()));
    }

    @Test
    void countsStatusCodesThatAreNotSuccessAsFailures() throws Exception {
        Load.Report report = Load.run(url("/flaky"), null, 50, Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertEquals(report.outcomes().getOrDefault("503", 0L), report.failed());
        assertThat(report.failed(), greaterThanOrEqualTo(report.sent() / 4 - 1));
    }

    @Test
    void stopWaitsForRequestsStillOut() throws Exception {
        Load.Report report = Load.run(url("/slow"), null, 20, Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertEquals(report.sent(), report.succeeded(), "every request sent before the stop was answered");
    }

    @Test
    void aServerThatIsGoneIsCountedAsErrors() throws Exception {
        server.stop(0);

        Load.Report report = Load.run(url("/"), null, 20, Duration.ofMillis(500), Duration.ofSeconds(2));

        assertEquals(report.sent(), report.failed());
        assertThat(report.outcomes().keySet().iterator().next(), org.hamcrest.Matchers.startsWith("error "));
    }

    @Test
    void percentilesAreRanks() {
        List<Long> sorted = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertEquals(5L, Load.percentile(sorted, 50));
        assertEquals(10L, Load.percentile(sorted, 99));
        assertEquals(0L, Load.percentile(List.of(), 50));
    }

    @Test
    void unknownOptionsAreRefusedNamingTheKnownOnes() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[] {"--speed", "3"}, Map.of("rate", "1")));
        assertThat(e.getMessage(), org.hamcrest.Matchers.containsString("--rate"));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
