package io.autoscaler.lbconfigurator.haproxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** {@code show proc} of the master CLI, as HAProxy 2.6.12 prints it. */
class ProcessesTest {
    private static final String STEADY = """
            #<PID>          <type>          <reloads>       <uptime>        <version>
            1               master          0 [failed: 0]   0d00h00m05s     2.6.12-1+deb12u3
            # workers
            8               worker          0               0d00h00m05s     2.6.12-1+deb12u3
            # programs

            """;
    private static final String RELOADING = """
            #<PID>          <type>          <reloads>       <uptime>        <version>
            1               master          2 [failed: 1]   0d00h51m00s     2.6.12-1+deb12u3
            # workers
            51              worker          0               0d00h00m00s     2.6.12-1+deb12u3
            # old workers
            47              worker          1               0d00h15m22s     2.6.12-1+deb12u3
            # programs

            """;

    @Test
    void theCurrentWorkerTheOldOnesAndTheRefusedReloads() {
        assertThat(Processes.parse(STEADY), is(new Processes(0, 8, 0)));
        assertThat(Processes.parse(RELOADING), is(new Processes(1, 51, 1)));
    }

    @Test
    void aReloadIsAppliedByANewWorkerAndRefusedByAFailure() {
        Processes before = new Processes(0, 8, 0);
        assertThat(new Processes(0, 8, 0).reloadApplied(before), is(Optional.empty()));
        assertThat(new Processes(0, 51, 1).reloadApplied(before), is(Optional.of(true)));
        assertThat(new Processes(1, 8, 0).reloadApplied(before), is(Optional.of(false)));
    }

    @Test
    void anEmptyAnswerIsNoReading() {
        assertThrows(IllegalArgumentException.class, () -> Processes.parse(""));
    }
}
