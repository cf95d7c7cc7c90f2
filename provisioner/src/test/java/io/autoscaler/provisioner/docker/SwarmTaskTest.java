package io.autoscaler.provisioner.docker;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How the loop reads a Swarm task. A task is written "state>desired[:err]", e.g. "running>shutdown" for one
 * on a node that went down (its last report stays "running").
 */
class SwarmTaskTest {
    static Stream<Arguments> tasks() {
        return Stream.of(
                // task, runs, ended, as the loop logs it
                Arguments.of("running>running", true, false, "running"),
                Arguments.of("running>shutdown", false, false, "running (Swarm wants it shutdown)"),
                Arguments.of("pending>running:no suitable node (insufficient resources on 2 nodes)", false, false,
                        "pending: no suitable node (insufficient resources on 2 nodes)"),
                Arguments.of("preparing>running", false, false, "preparing"),
                Arguments.of("failed>shutdown:task: non-zero exit (1)", false, true, "failed: task: non-zero exit (1)"),
                Arguments.of("rejected>shutdown:No such image: app:9", false, true, "rejected: No such image: app:9"),
                Arguments.of("complete>shutdown", false, true, "complete"),
                Arguments.of("shutdown>shutdown", false, true, "shutdown"),
                Arguments.of("orphaned>shutdown", false, true, "orphaned"));
    }

    @ParameterizedTest(name = "{0}: runs {1}, ended {2}, \"{3}\"")
    @MethodSource("tasks")
    void aTaskRunsOnlyWhileItRunsAndSwarmWantsItRunning(String task, boolean runs, boolean ended, String described) {
        String[] stateAndErr = task.split(":", 2);
        String[] states = stateAndErr[0].split(">");
        SwarmTask t = new SwarmTask("s", 1, states[0], states[1], stateAndErr.length > 1 ? stateAndErr[1] : "", Map.of());
        assertThat(t.running(), is(runs));
        assertThat(t.ended(), is(ended));
        assertThat(t.describe(), is(described));
    }

    @Test
    void theManagersJsonGivesEachTasksAddressPerNetworkAndTheLatestTaskWins() throws Exception {
        String json = """
                [{"ID":"t1","ServiceID":"s1","Version":{"Index":10},"DesiredState":"shutdown",
                  "Status":{"State":"failed","Err":"task: non-zero exit (1)"},
                  "NetworksAttachments":[{"Network":{"Spec":{"Name":"data"}},"Addresses":["127.0.0.5/24"]}]},
                 {"ID":"t2","ServiceID":"s1","Version":{"Index":12},"DesiredState":"running",
                  "Status":{"State":"running"},
                  "NetworksAttachments":[{"Network":{"Spec":{"Name":"ingress"}},"Addresses":["127.0.0.6/24"]},
                                         {"Network":{"Spec":{"Name":"data"}},"Addresses":["127.0.0.7/24"]}]},
                 {"ID":"t3","ServiceID":"s2","Version":{"Index":11},"DesiredState":"running","Status":{"State":"pending"}}]
                """;
        List<SwarmTask> tasks = SwarmTask.parse(new ObjectMapper().readTree(json));
        assertThat(tasks.size(), is(3));
        SwarmTask latest = SwarmTask.latest(tasks, "s1").orElseThrow();
        assertThat(latest.running(), is(true));
        assertThat(latest.addresses(), is(Map.of("ingress", "127.0.0.6", "data", "127.0.0.7")));
        assertThat(SwarmTask.latest(tasks, "s2").map(SwarmTask::addresses), is(Optional.of(Map.of())));
        assertThat(SwarmTask.latest(tasks, "s3"), is(Optional.empty()));
    }
}
