package io.autoscaler.provisioner.docker;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceSpec;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.provisioner.core.Template;

/** An instance as a Swarm service: what {@link SwarmService} makes of a pool's spec and an instance id. */
class SwarmServiceTest {
    private static final PoolSpec SPEC = spec(Map.of("A", "1"), 0.5, 128);
    private static final ServiceSpec SERVICE = SwarmService.of(SPEC, "0000000a", "st", Duration.ofSeconds(7));

    static Stream<Arguments> fields() {
        return Stream.of(
                // what, read from the service spec, expected
                Arguments.of("named like the container, so HAProxy's server name", f(ServiceSpec::getName), "p-0000000a"),
                Arguments.of("no replica until started", f(s -> s.getMode().getReplicated().getReplicas()), 0L),
                Arguments.of("service labels: ours, stack, pool, instance, template", f(ServiceSpec::getLabels), labels()),
                Arguments.of("container labels the same, for each node's own view", f(s -> container(s).getLabels()), labels()),
                Arguments.of("the pool's image", f(s -> container(s).getImage()), "app:1"),
                Arguments.of("PORT from the pool, then the pool's env", f(s -> container(s).getEnv()), List.of("PORT=8080", "A=1")),
                Arguments.of("on the pool's network only", f(s -> s.getTaskTemplate().getNetworks().get(0).getTarget()), "data"),
                Arguments.of("one network", f(s -> s.getTaskTemplate().getNetworks().size()), 1),
                Arguments.of("Swarm never restarts it: the loop replaces", f(s -> s.getTaskTemplate().getRestartPolicy().getCondition().name()), "NONE"),
                Arguments.of("nor retries", f(s -> s.getTaskTemplate().getRestartPolicy().getMaxAttempts()), 0L),
                Arguments.of("our probe decides readiness, not the image's", f(s -> container(s).getHealthCheck().getTest()), List.of("NONE")),
                Arguments.of("SIGKILL after the stop grace", f(s -> container(s).getStopGracePeriod()), 7_000_000_000L),
                Arguments.of("NET_RAW dropped as for containers", f(s -> ((SwarmService.Container) container(s)).capabilityDrop()), List.of("NET_RAW")),
                Arguments.of("no mounts", f(s -> container(s).getMounts()), null),
                Arguments.of("no placement of its own: Swarm spreads", f(s -> s.getTaskTemplate().getPlacement()), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void anInstanceIsASingleReplicaServiceLikeItsContainer(String what, Function<ServiceSpec, Object> field, Object expected) {
        assertThat(field.apply(SERVICE), is(expected));
    }

    static Stream<Arguments> resources() {
        return Stream.of(
                // cpus, memory MB, nano CPUs reserved and limited, bytes reserved and limited (null: none)
                Arguments.of(0.5, 128, 500_000_000L, 134_217_728L),
                Arguments.of(1.5, 0, 1_500_000_000L, null),
                Arguments.of(0.0, 64, null, 67_108_864L),
                Arguments.of(0.0, 0, null, null));
    }

    @ParameterizedTest(name = "cpus {0}, memory {1} MB: reserved and limited {2} nano CPUs, {3} bytes")
    @MethodSource("resources")
    void thePoolsResourcesAreBothReservationsAndLimits(double cpus, int memoryMb, Long nanoCpus, Long bytes) {
        var resources = SwarmService.of(spec(Map.of(), cpus, memoryMb), "0000000a", "st", Duration.ofSeconds(1))
                .getTaskTemplate().getResources();
        if (nanoCpus == null && bytes == null) {
            assertThat(resources, is((Object) null));
            return;
        }
        for (ResourceSpecs r : List.of(resources.getReservations(), resources.getLimits())) {
            assertThat(r.getNanoCPUs(), is(nanoCpus));
            assertThat(r.getMemoryBytes(), is(bytes));
        }
    }

    @Test
    void theDroppedCapabilityAndTheNetworkReachSwarmsJson() {
        JsonNode json = new ObjectMapper().valueToTree(SERVICE);
        assertThat(json.at("/TaskTemplate/ContainerSpec/CapabilityDrop/0").asText(), is("NET_RAW"));
        assertThat(json.at("/TaskTemplate/Networks/0/Target").asText(), is("data"));
        assertThat(json.at("/Mode/Replicated/Replicas").asInt(-1), is(0));
    }

    @Test
    void thePoolsPlacementIsSwarmsConstraintsAndSpreadPreferences() {
        PoolSpec placed = new PoolSpec("p", "app:1", 8080, Map.of(), "data", null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, new PoolSpec.Placement(
                        List.of("node.labels.zone==a", "node.role!=manager"), List.of("spread=node.labels.rack")));
        JsonNode json = new ObjectMapper().valueToTree(SwarmService.of(placed, "0000000a", "st", Duration.ofSeconds(1)));
        assertThat(json.at("/TaskTemplate/Placement/Constraints/0").asText(), is("node.labels.zone==a"));
        assertThat(json.at("/TaskTemplate/Placement/Constraints/1").asText(), is("node.role!=manager"));
        assertThat(json.at("/TaskTemplate/Placement/Preferences/0/Spread/SpreadDescriptor").asText(),
                is("node.labels.rack"));
        assertThat(json.at("/TaskTemplate/Placement/Preferences").size(), is(1));
    }

    @Test
    void theSpecsOwnPortWins() {
        assertThat(container(SwarmService.of(spec(Map.of("PORT", "9000"), 0.5, 128), "0000000a", "st",
                Duration.ofSeconds(1))).getEnv(), is(List.of("PORT=9000")));
    }

    private static Function<ServiceSpec, Object> f(Function<ServiceSpec, Object> read) {
        return read;
    }

    private static com.github.dockerjava.api.model.ContainerSpec container(ServiceSpec s) {
        return s.getTaskTemplate().getContainerSpec();
    }

    private static Map<String, String> labels() {
        return Map.of("io.autoscaler.managed", "true", "io.autoscaler.stack", "st", "io.autoscaler.pool", "p",
                "io.autoscaler.instance", "0000000a", "io.autoscaler.template", Template.of(SPEC));
    }

    private static PoolSpec spec(Map<String, String> env, double cpus, int memoryMb) {
        return new PoolSpec("p", "app:1", 8080, env, "data", null, null, null, null, null, null,
                new PoolSpec.Resources(cpus, memoryMb), null, null);
    }
}
