package io.autoscaler.decisionengine.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceProbeTest {
    /** Row: the setting → each name and the readiness URL probed ("name url; ...", '-' none). */
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                                        | -",
            "provisioner=http://provisioner-control:8080               | provisioner http://provisioner-control:8080/q/health/ready",
            "lb-configurator=http://127.0.0.1:8084/                    | lb-configurator http://127.0.0.1:8084/q/health/ready",
            "b=https://127.0.0.1:1, a=http://127.0.0.2:2               | a http://127.0.0.2:2/q/health/ready; b https://127.0.0.1:1/q/health/ready",
            "a=http://127.0.0.1:1,,                                    | a http://127.0.0.1:1/q/health/ready",
    })
    void readinessUrlOfEachNamedService(String setting, String expected) {
        StringBuilder actual = new StringBuilder();
        ServiceProbe.parse(setting).forEach((name, url) -> actual.append(actual.isEmpty() ? "" : "; ")
                .append(name).append(' ').append(url));
        assertEquals(expected.equals("-") ? "" : expected, actual.toString());
    }

    /** Settings start-up refuses, each with the entry named. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "provisioner",                                  // no URL
            "=http://127.0.0.1:1",                          // no name
            "Provisioner=http://127.0.0.1:1",               // not lower-case
            "a b=http://127.0.0.1:1",                       // a space in the name
            "a=ftp://127.0.0.1:1",                          // not http
            "a=http://127.0.0.1:1/q/health/live",           // a path: the probe chooses it
            "a=http://user:pw@127.0.0.1:1",                 // credentials in the URL
            "a=http://127.0.0.1:1?x=1",                     // a query
            "a=http://127.0.0.1:1#x",                       // a fragment
            "a=127.0.0.1:1",                                // no scheme
            "a=http:// 127.0.0.1",                          // not a URL
            "a=http://127.0.0.1:1,a=http://127.0.0.1:2",    // a name twice
    })
    void refused(String setting) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServiceProbe.parse(setting));
        assertTrue(e.getMessage().startsWith("autoscaler.dashboard.services"), e.getMessage());
    }
}
