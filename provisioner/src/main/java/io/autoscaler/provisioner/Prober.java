package io.autoscaler.provisioner;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.autoscaler.provisioner.core.Lifecycle.Probed;

/**
 * Readiness probes: an asynchronous HTTP GET of the health path, without holding the loop or a
 * worker. Every outcome is reported, errors included: a request that cannot even be built (a path
 * that is no URI) is a failed probe like a refused connection, never silence.
 */
@ApplicationScoped
public class Prober {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    void probe(String host, int port, String path, Consumer<Probed> outcome) {
        if (host == null) {
            outcome.accept(Probed.failed("no address on the pool's network"));
            return;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                    .timeout(Duration.ofSeconds(1)).GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> outcome
                    .accept(error != null ? Probed.failed(String.valueOf(error))
                            : response.statusCode() == 200 ? Probed.answered()
                            : Probed.failed("status " + response.statusCode())));
        } catch (RuntimeException e) {
            outcome.accept(Probed.failed("cannot probe " + path + ": " + e.getMessage()));
        }
    }
}
