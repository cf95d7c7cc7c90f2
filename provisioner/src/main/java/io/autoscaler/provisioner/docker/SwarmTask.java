package io.autoscaler.provisioner.docker;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One task of an instance's service as the Swarm manager reports it, read from the API's JSON (docker-java's
 * Task lacks the addresses). Every node's tasks are there, wherever they run, and a task on a node that went
 * down stays "running" with Swarm wanting it "shutdown": only both together mean it runs.
 */
record SwarmTask(String serviceId, long version, String state, String desiredState, String err,
        Map<String, String> addresses) {
    /** Swarm never takes a task back from these. */
    private static final Set<String> ENDED = Set.of("complete", "shutdown", "failed", "rejected", "remove", "orphaned");

    static List<SwarmTask> parse(JsonNode tasks) {
        return StreamSupport.stream(tasks.spliterator(), false).map(SwarmTask::of).toList();
    }

    private static SwarmTask of(JsonNode t) {
        Map<String, String> addresses = new HashMap<>();
        for (JsonNode attachment : t.path("NetworksAttachments")) {
            String network = attachment.path("Network").path("Spec").path("Name").asText();
            JsonNode first = attachment.path("Addresses").path(0);
            if (!network.isEmpty() && first.isTextual()) {
                // "10.0.1.5/24": the address, without its network's prefix length
                addresses.put(network, first.asText().replaceFirst("/.*", ""));
            }
        }
        JsonNode status = t.path("Status");
        return new SwarmTask(t.path("ServiceID").asText(), t.path("Version").path("Index").asLong(),
                status.path("State").asText(), t.path("DesiredState").asText(), status.path("Err").asText(""),
                Map.copyOf(addresses));
    }

    /** The service's latest task: a single-replica service has one, or its successors after a reconcile. */
    static Optional<SwarmTask> latest(List<SwarmTask> tasks, String serviceId) {
        return tasks.stream().filter(t -> t.serviceId.equals(serviceId))
                .max(Comparator.comparingLong(SwarmTask::version));
    }

    boolean running() {
        return "running".equals(state) && "running".equals(desiredState);
    }

    boolean ended() {
        return ENDED.contains(state);
    }

    /** As the loop logs it: "running", "failed: task: non-zero exit (1)", "running (Swarm wants it shutdown)". */
    String describe() {
        String wanted = ended() || "running".equals(desiredState) ? "" : " (Swarm wants it " + desiredState + ")";
        return state + wanted + (err.isBlank() ? "" : ": " + err);
    }
}
