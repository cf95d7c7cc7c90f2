package io.autoscaler.metricscollector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.autoscaler.metricscollector.core.StatsCsv;

/** HAProxy's statistics table, read from its HTTP stats CSV: read-only, never the admin API. */
@ApplicationScoped
public class HaproxyStats {
    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    HaproxyStats(@ConfigProperty(name = "autoscaler.haproxy.stats-url") URI url,
            @ConfigProperty(name = "autoscaler.haproxy.timeout", defaultValue = "800ms") Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI url() {
        return url;
    }

    /** Throws when HAProxy does not answer within the timeout, answers an error, or answers something not CSV. */
    public List<StatsCsv.Row> read() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + url);
        }
        return StatsCsv.parse(response.body());
    }
}
