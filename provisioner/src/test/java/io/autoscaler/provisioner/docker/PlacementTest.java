package io.autoscaler.provisioner.docker;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlacementTest {
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // setting | placement, or the error
            "engine    | ENGINE",
            "swarm     | SWARM",
            "' swarm ' | SWARM",
            "Swarm     | autoscaler.provisioner.placement must be one of engine, swarm, not 'Swarm'",
            "kubernetes| autoscaler.provisioner.placement must be one of engine, swarm, not 'kubernetes'",
            "''        | autoscaler.provisioner.placement must be one of engine, swarm, not ''",
            "null      | autoscaler.provisioner.placement must be one of engine, swarm, not 'null'" })
    void thePlacementIsEngineOrSwarmAndAnythingElseIsRefusedInWords(String setting, String expected) {
        if (expected.contains(" ")) {
            assertThat(assertThrows(IllegalArgumentException.class, () -> Placement.parse(setting)).getMessage(),
                    is(expected));
        } else {
            assertThat(Placement.parse(setting), is(Placement.valueOf(expected)));
        }
    }
}
