package io.autoscaler.provisioner.docker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;

/**
 * The two Swarm calls docker-java's model cannot carry whole, made on its HTTP client with the JSON as the
 * manager writes it: tasks with their addresses, and a scale that sends the service's spec back with only
 * the replicas and stop grace changed (read back through docker-java, the spec would lose the fields its
 * model lacks, the dropped capabilities among them).
 */
final class SwarmApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Service ids as Swarm makes them: nothing else reaches a request path. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]{1,64}");
    private static final String OUT_OF_SEQUENCE = "update out of sequence";
    private static final int UPDATE_ATTEMPTS = 5;

    private final DockerHttpClient http;

    SwarmApi(DockerHttpClient http) {
        this.http = http;
    }

    /** Every task of these services, on every node. */
    List<SwarmTask> tasks(List<String> serviceIds) {
        serviceIds.forEach(SwarmApi::checked);
        try {
            String filters = JSON.writeValueAsString(Map.of("service", serviceIds));
            return SwarmTask.parse(call("GET", "/tasks?filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8),
                    null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets the service's replicas and its tasks' stop grace. Swarm's own allocator updates a service just
     * created: an update based on the version read before that is refused, and is read and sent again.
     */
    void scale(String serviceId, int replicas, Duration stopGrace) {
        for (int attempt = 1;; attempt++) {
            JsonNode service = call("GET", "/services/" + checked(serviceId), null);
            ObjectNode spec = (ObjectNode) service.path("Spec");
            spec.putObject("Mode").putObject("Replicated").put("Replicas", replicas);
            ((ObjectNode) spec.path("TaskTemplate").path("ContainerSpec")).put("StopGracePeriod", stopGrace.toNanos());
            try {
                call("POST", "/services/" + serviceId + "/update?version="
                        + service.path("Version").path("Index").asLong(), spec);
                return;
            } catch (IllegalStateException e) {
                if (attempt == UPDATE_ATTEMPTS || !String.valueOf(e.getMessage()).contains(OUT_OF_SEQUENCE)) {
                    throw e;
                }
            }
        }
    }

    private JsonNode call(String method, String path, JsonNode body) {
        Request.Builder request = Request.builder().method(method).path(path);
        try {
            if (body != null) {
                request.putHeader("Content-Type", "application/json")
                        .body(new ByteArrayInputStream(JSON.writeValueAsBytes(body)));
            }
            try (Response response = http.execute(request.build()); InputStream in = response.getBody()) {
                byte[] answer = in.readAllBytes();
                int status = response.getStatusCode();
                if (status == 404) {
                    throw new NotFoundException(new String(answer, StandardCharsets.UTF_8).trim());
                }
                if (status / 100 != 2) {
                    throw new IllegalStateException("Swarm refused " + method + " " + path + " (" + status + "): "
                            + new String(answer, StandardCharsets.UTF_8).trim());
                }
                return answer.length == 0 ? JSON.nullNode() : JSON.readTree(answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String checked(String serviceId) {
        if (serviceId == null || !ID.matcher(serviceId).matches()) {
            throw new IllegalArgumentException("not a Swarm service id: " + serviceId);
        }
        return serviceId;
    }
}
