package io.autoscaler.metricscollector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.testcontainers.containers.Network;

import io.autoscaler.events.Naming;
import io.autoscaler.testing.DemoAppContainer;
import io.autoscaler.testing.HaproxyContainer;

/** Demo-app containers labelled as the provisioner labels them, and the HAProxy admin steps the configurator takes. */
final class TestApps {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestApps() {
    }

    static String newInstanceId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** An instance of {@code pool}: named, labelled, optionally CPU-limited, on {@code network}. */
    static DemoAppContainer instance(String pool, String instanceId, Network network, double cpus) {
        String name = Naming.serverName(pool, instanceId);
        DemoAppContainer app = new DemoAppContainer().onNetwork(network, name)
                .withLabel(Naming.LABEL_MANAGED, "true")
                .withLabel(Naming.LABEL_STACK, "autoscaler") // the default autoscaler.stack-id
                .withLabel(Naming.LABEL_POOL, pool)
                .withLabel(Naming.LABEL_INSTANCE, instanceId)
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withName(name);
                    if (cpus > 0) {
                        cmd.getHostConfig().withNanoCPUs((long) (cpus * 1e9));
                    }
                });
        return app;
    }

    /** Adds the instance to the backend the way the configurator does, and lets it take traffic. */
    static void addServer(HaproxyContainer haproxy, String backend, String server, String ip) {
        String s = backend + "/" + server;
        admin(haproxy, "add server " + s + " " + ip + ":" + DemoAppContainer.PORT + " check inter 1s");
        admin(haproxy, "enable health " + s + "; set server " + s + " state ready");
    }

    static String admin(HaproxyContainer haproxy, String command) {
        try (Socket socket = new Socket(haproxy.adminHost(), haproxy.adminPort())) {
            socket.setSoTimeout(5000);
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            out.write(command + "\n");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder answer = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                answer.append(line).append('\n');
            }
            return answer.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code count} requests to {@code url} without waiting for them. */
    static List<CompletableFuture<HttpResponse<Void>>> inFlight(String url, int count) {
        List<CompletableFuture<HttpResponse<Void>>> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        return requests;
    }
}
