package io.autoscaler.provisioner.docker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;

import io.autoscaler.events.Naming;
import io.autoscaler.events.PoolSpec;

/**
 * An instance as a Swarm service: one service per instance, created with no replica and scaled to one
 * to start it, so that no Swarm scale-down can ever remove a task the loop has not drained, and our
 * lifecycle, not Swarm, chooses the victim. Named, labelled and given env and network like the
 * container of placement {@code engine}, so that lists and adoption read both alike; the pool's CPU and
 * memory are reservations (Swarm places the task only on a node with that much free) and limits; the pool's
 * placement constraints and spread preferences are Swarm's (none: Swarm spreads over every node). Swarm
 * never restarts or replaces a task: the loop replaces instances. Readiness is our own probe in both
 * placements: the image's HEALTHCHECK is off, or Swarm would kill a task the image calls unhealthy.
 */
public final class SwarmService {
    /**
     * As for containers: NET_RAW would let one app spoof ARP on the data network. Written as the engine
     * writes it for containers: Docker keeps the word as given, and docker-java reads only this form back.
     */
    static final List<String> DROPPED = List.of("NET_RAW");

    private SwarmService() {
    }

    public static ServiceSpec of(PoolSpec spec, String instanceId, String stackId, Duration stopGrace) {
        Map<String, String> labels = InstanceSpec.labels(spec, instanceId, stackId);
        ContainerSpec container = new Container(DROPPED).withImage(spec.image()).withLabels(labels)
                .withEnv(InstanceSpec.env(spec)).withStopGracePeriod(stopGrace.toNanos())
                .withHealthCheck(new HealthCheck().withTest(List.of("NONE")));
        TaskSpec task = new TaskSpec().withContainerSpec(container)
                .withRestartPolicy(
                        new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE).withMaxAttempts(0L))
                .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(spec.network())));
        if (!spec.placement().anywhere()) {
            task.withPlacement(new NodePlacement(spec.placement()));
        }
        ResourceSpecs resources = resources(spec.resources());
        if (resources != null) {
            task.withResources(new ResourceRequirements().withReservations(resources).withLimits(resources));
        }
        return new ServiceSpec().withName(Naming.serverName(spec.name(), instanceId)).withLabels(labels)
                .withTaskTemplate(task).withMode(replicas(0));
    }

    static ServiceModeConfig replicas(int count) {
        return new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(count));
    }

    private static ResourceSpecs resources(PoolSpec.Resources r) {
        if (r.cpus() <= 0 && r.memoryMb() <= 0) {
            return null;
        }
        ResourceSpecs specs = new ResourceSpecs();
        if (r.cpus() > 0) {
            specs.withNanoCPUs(Math.round(r.cpus() * 1e9));
        }
        if (r.memoryMb() > 0) {
            specs.withMemoryBytes(r.memoryMb() * 1024L * 1024L);
        }
        return specs;
    }

    /** docker-java's placement lacks Swarm's preferences: {@code spread=x} is {"Spread": {"SpreadDescriptor": x}}. */
    static final class NodePlacement extends ServicePlacement {
        private static final long serialVersionUID = 1L;
        @JsonProperty("Preferences")
        private final List<Map<String, Map<String, String>>> preferences;

        NodePlacement(PoolSpec.Placement placement) {
            withConstraints(placement.constraints());
            this.preferences = placement.preferences().stream()
                    .map(p -> Map.of("Spread", Map.of("SpreadDescriptor", p.substring("spread=".length())))).toList();
        }

        List<Map<String, Map<String, String>>> preferences() {
            return preferences;
        }
    }

    /** docker-java's container spec lacks the capabilities Swarm takes since API 1.41. */
    static final class Container extends ContainerSpec {
        private static final long serialVersionUID = 1L;
        @JsonProperty("CapabilityDrop")
        private final List<String> capabilityDrop;

        Container(List<String> capabilityDrop) {
            this.capabilityDrop = capabilityDrop;
        }

        List<String> capabilityDrop() {
            return capabilityDrop;
        }
    }
}
