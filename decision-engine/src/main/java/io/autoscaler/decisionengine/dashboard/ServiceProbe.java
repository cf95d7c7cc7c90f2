package io.autoscaler.decisionengine.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.autoscaler.decisionengine.NotStartedYet;
import io.quarkus.scheduler.Scheduled;

/**
 * Asks the stack's other services for their readiness every few seconds, so the page can say "provisioner
 * down" for a service that publishes only on change: from Kafka alone, a dead provisioner or lb-configurator
 * looks like a quiet pool. Which services, and where, is configuration ({@code autoscaler.dashboard.services},
 * {@code name=http://host:port} pairs; none by default, the compose file names the stack's three).
 */
@ApplicationScoped
public class ServiceProbe {
    static final String DOWN = "down";
    static final String NOT_READY = "not ready";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    @ConfigProperty(name = "autoscaler.dashboard.services")
    Optional<String> services;

    @ConfigProperty(name = "autoscaler.dashboard.service-probe-timeout", defaultValue = "2s")
    Duration timeout;

    private Map<String, URI> watched = Map.of();
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private HttpClient http;

    @PostConstruct
    void start() {
        watched = parse(services.orElse(""));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /**
     * {@code name=url,...} to the readiness URL of each; a name must be a lower-case word, a URL plain http(s)
     * with a host and nothing after the port, or start-up fails saying which entry is wrong.
     */
    static Map<String, URI> parse(String text) {
        Map<String, URI> parsed = new TreeMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).strip();
            String url = eq < 0 ? "" : entry.substring(eq + 1).strip();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("autoscaler.dashboard.services: '" + entry.strip()
                        + "' is not name=http://host:port (name: lower-case letters, digits and -)");
            }
            URI base;
            try {
                base = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("autoscaler.dashboard.services: " + name + " has no valid URL", e);
            }
            boolean plain = ("http".equals(base.getScheme()) || "https".equals(base.getScheme()))
                    && base.getHost() != null && base.getRawUserInfo() == null && base.getRawQuery() == null
                    && base.getRawFragment() == null && (base.getRawPath() == null || base.getRawPath().isEmpty()
                            || base.getRawPath().equals("/"));
            if (!plain) {
                throw new IllegalArgumentException("autoscaler.dashboard.services: " + name + "'s URL '" + url
                        + "' must be http(s)://host[:port] and nothing more");
            }
            if (parsed.put(name, base.resolve("/q/health/ready")) != null) {
                throw new IllegalArgumentException("autoscaler.dashboard.services: " + name + " is named twice");
            }
        }
        return parsed;
    }

    @Scheduled(every = "${autoscaler.dashboard.service-probe-every:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = NotStartedYet.class)
    void probe() {
        watched.forEach((name, ready) -> http
                .sendAsync(HttpRequest.newBuilder(ready).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        problems.put(name, DOWN);
                    } else if (response.statusCode() != 200) {
                        problems.put(name, NOT_READY);
                    } else {
                        problems.remove(name);
                    }
                }));
    }

    /** Each watched service that did not answer its last probe ready: name → "down" or "not ready". */
    Map<String, String> problems() {
        return Collections.unmodifiableMap(new TreeMap<>(problems));
    }
}
