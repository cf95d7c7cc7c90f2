package io.autoscaler.provisioner.docker;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The placement setting chooses the engine the loop talks to; no connection is made until a first call. */
class EnginesTest {
    private static final String HOST = "unix:///var/run/docker.sock";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "engine, DockerEngine", "swarm, SwarmEngine" })
    void thePlacementChoosesTheEngine(String placement, String engine) {
        ContainerEngine chosen = new Engines().engine(placement, HOST, "st", Duration.ofSeconds(1));
        try {
            assertThat(chosen.getClass().getSimpleName(), is(engine));
        } finally {
            chosen.close();
        }
    }

    @ParameterizedTest(name = "\"{0}\" stops the start")
    @CsvSource({ "kubernetes", "SWARM" })
    void anyOtherPlacementStopsTheStart(String placement) {
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> new Engines().engine(placement, HOST, "st", Duration.ofSeconds(1))).getMessage(),
                is("autoscaler.provisioner.placement must be one of engine, swarm, not '" + placement + "'"));
    }
}
