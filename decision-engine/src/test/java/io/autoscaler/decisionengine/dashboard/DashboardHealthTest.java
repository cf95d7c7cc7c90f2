package io.autoscaler.decisionengine.dashboard;

import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.autoscaler.testing.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Issue 15: the dashboard's stream tells its states apart on a broker of the test's own. With a pool and no
 * collector, it says the collector is silent; with the broker paused (docker pause: its connections hang, as
 * behind a dead network), it says Kafka is unreachable instead; unpaused, Kafka is reachable again. The
 * services it probes are two stand-ins on loopback: one this test answers for (ready, then not), one
 * that never listens (down).
 */
@QuarkusTest
@WithTestResource(DashboardHealthTest.OwnBroker.class)
class DashboardHealthTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/dashboard/stream")
    URL stream;

    private final AtomicReference<JsonNode> health = new AtomicReference<>();

    @Test
    void kafkaUnreachableIsToldApartFromASilentCollectorAndClearsWhenKafkaIsBack() throws Exception {
        String pool = uniquePool();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> api()
                .contentType(ContentType.JSON).body(spec(1, 3)).put("/pools/" + pool).statusCode() / 100 == 2);
        try (InputStream events = subscribe()) {
            await().atMost(TIMEOUT).until(() -> state("kafkaReachable", true)
                    && !field("collectorSilentSeconds").isNull());

            var docker = OwnBroker.broker.container().getDockerClient();
            String id = OwnBroker.broker.container().getContainerId();
            docker.pauseContainerCmd(id).exec();
            try {
                await().atMost(TIMEOUT).until(() -> state("kafkaReachable", false)
                        && field("kafkaUnreachableSeconds").isNumber() && field("collectorSilentSeconds").isNull());
            } finally {
                docker.unpauseContainerCmd(id).exec();
            }
            await().atMost(TIMEOUT).until(() -> state("kafkaReachable", true)
                    && field("kafkaUnreachableSeconds").isNull());
        }
    }

    @Test
    void aServiceThatDoesNotAnswerReadyIsNamedWithWhy() throws Exception {
        String pool = uniquePool();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> api()
                .contentType(ContentType.JSON).body(spec(1, 3)).put("/pools/" + pool).statusCode() / 100 == 2);
        try (InputStream events = subscribe()) {
            await().atMost(TIMEOUT).until(() -> servicesDown().equals(Map.of("lb-configurator", "down")));
            Services.readyAnswer.set(503);
            await().atMost(TIMEOUT).until(() -> servicesDown()
                    .equals(Map.of("lb-configurator", "down", "provisioner", "not ready")));
            Services.readyAnswer.set(200);
            await().atMost(TIMEOUT).until(() -> servicesDown().equals(Map.of("lb-configurator", "down")));
        }
    }

    private Map<String, String> servicesDown() {
        Map<String, String> down = new HashMap<>();
        field("servicesDown").fields().forEachRemaining(e -> down.put(e.getKey(), e.getValue().asText()));
        return down;
    }

    private boolean state(String name, boolean value) {
        JsonNode node = field(name);
        return node.isBoolean() && node.booleanValue() == value;
    }

    private JsonNode field(String name) {
        JsonNode h = health.get();
        return h == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : h.path(name);
    }

    /** The overview stream, each message's health kept as the latest. */
    private InputStream subscribe() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stream.toString()))
                .header("Accept", "text/event-stream").build();
        InputStream body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null;) {
                    if (line.startsWith("data:")) {
                        health.set(JSON.readTree(line.substring(5)).path("health"));
                    }
                }
            } catch (java.io.IOException closed) {
                // the test closed it
            }
        }, "stream-reader");
        reader.setDaemon(true);
        reader.start();
        return body;
    }

    /** A broker this class pauses; the probe asks every second, the collector counts as silent after 2 s. */
    public static class OwnBroker implements QuarkusTestResourceLifecycleManager {
        static KafkaBroker broker;

        @Override
        public Map<String, String> start() {
            broker = KafkaBroker.start(null);
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", broker.bootstrapServers());
            broker.security("decision-engine").clientProperties().forEach((k, v) -> config.put("kafka." + k, v));
            config.put("autoscaler.dashboard.kafka-probe-every", "1s");
            config.put("autoscaler.dashboard.kafka-probe-timeout", "2s");
            config.put("autoscaler.dashboard.silent-after", "2s");
            config.putAll(Services.start());
            return config;
        }

        @Override
        public void stop() {
            Services.stop();
            if (broker != null) {
                broker.container().stop();
            }
        }
    }

    /** The probed services: "provisioner" answers its readiness with {@link #readyAnswer}, "lb-configurator" is closed. */
    static final class Services {
        static final AtomicInteger readyAnswer = new AtomicInteger(200);
        static HttpServer provisioner;

        static Map<String, String> start() {
            try {
                provisioner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                provisioner.createContext("/q/health/ready", exchange -> {
                    exchange.sendResponseHeaders(readyAnswer.get(), -1);
                    exchange.close();
                });
                provisioner.start();
                int closed;
                try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                    closed = free.getLocalPort();
                }
                return Map.of("autoscaler.dashboard.services",
                        "provisioner=http://127.0.0.1:" + provisioner.getAddress().getPort()
                                + ",lb-configurator=http://127.0.0.1:" + closed,
                        "autoscaler.dashboard.service-probe-every", "1s",
                        "autoscaler.dashboard.service-probe-timeout", "1s");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void stop() {
            if (provisioner != null) {
                provisioner.stop(0);
            }
        }
    }
}
