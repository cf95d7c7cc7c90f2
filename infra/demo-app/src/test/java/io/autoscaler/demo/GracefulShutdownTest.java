package io.autoscaler.demo;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** SIGTERM against the real program in its own JVM: in-flight requests finish, new ones are refused, exit 0. */
class GracefulShutdownTest {

    @Test
    void sigtermFinishesInFlightRequestsRefusesNewOnesAndExitsZero() throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("demo-app", ".log");
        ProcessBuilder command = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                "io.autoscaler.demo.DemoApp").redirectErrorStream(true).redirectOutput(log.toFile());
        command.environment().put("PORT", Integer.toString(port));
        Process app = command.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sleep?ms=1500")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // The slow request is in the app once its connection is established and a later request has been
            // answered: the server accepts and reads connections in arrival order.
            await().atMost(Duration.ofSeconds(10)).until(() -> established(port));
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            app.destroy(); // SIGTERM

            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("SIGTERM"));
            // at least the slow request (the probe's handler may not have finished counting itself out)
            assertThat(Files.readString(log), matchesPattern("(?s).*waiting for [1-9]\\d* in-flight request.*"));
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(),
                    "a new connection after SIGTERM is refused");
            HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertThat(response.body(), containsString("\"sleepMs\":1500"));
            assertTrue(app.waitFor(30, TimeUnit.SECONDS), "the app exits");
            assertEquals(0, app.exitValue(), Files.readString(log));
        } finally {
            app.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static boolean established(int port) throws IOException {
        // Linux: the app's listening socket shows an established peer in /proc/net/tcp once the request is in.
        String hexPort = String.format(":%04X", port);
        for (String file : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path p = Path.of(file);
            // fields: sl local_address rem_address st ...; the client's side has the app's port as remote
            if (Files.exists(p) && Files.readAllLines(p).stream().map(l -> l.trim().split("\\s+"))
                    .anyMatch(f -> f.length > 3 && f[2].endsWith(hexPort) && f[3].equals("01"))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
