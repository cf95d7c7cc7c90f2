package io.autoscaler.decisionengine.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthTest {
    /**
     * Row: deciding | Kafka unreachable for (s, '-' answers) | no snapshot for (s) | any pool | services not
     * ready (name:state;..., '-' none) → the state: reachable?, unreachable seconds, collector silent seconds,
     * services reported ('-' none). Silence counts from 10 s.
     */
    @ParameterizedTest(name = "{0} {1} {2} {3} {4} -> {5} {6} {7} {8}")
    @CsvSource(delimiter = '|', value = {
            "true  | -  | 2  | true  | -                    | true  | -  | -  | -",
            "true  | -  | 12 | true  | -                    | true  | -  | 12 | -", // Kafka answers, the collector is silent
            "true  | -  | 12 | false | -                    | true  | -  | -  | -", // no pool: nothing to collect
            "true  | 5  | 12 | true  | -                    | false | 5  | -  | -", // unreachable: silence follows from it
            "true  | 0  | 2  | true  | -                    | false | 0  | -  | -",
            "false | -  | 30 | true  | -                    | true  | -  | 30 | -", // rebuilding: facts kept, the page says the first
            "false | 40 | 40 | true  | -                    | false | 40 | -  | -",
            "true  | -  | 2  | true  | provisioner:down     | true  | -  | -  | provisioner:down", // a service down
            "true  | -  | 12 | true  | metrics-collector:down | true | - | 12 | metrics-collector:down", // and why silent
            "true  | -  | 2  | true  | lb-configurator:not ready;provisioner:down | true | - | - | lb-configurator:not ready;provisioner:down",
            "true  | 3  | 2  | true  | provisioner:not ready | false | 3 | -  | -", // not ready because Kafka is not there
    })
    void eachStateToldApart(boolean deciding, String unreachable, long silent, boolean anyPool, String services,
            boolean reachable, String unreachableSeconds, String silentSeconds, String reported) {
        Health health = Health.of(deciding, seconds(unreachable), silent, anyPool, 10, services(services));
        Map<String, String> expected = services(reported);
        assertEquals(new Health(deciding, reachable, seconds(unreachableSeconds), seconds(silentSeconds),
                expected.isEmpty() ? null : expected), health);
    }

    private static Long seconds(String text) {
        return text.equals("-") ? null : Long.valueOf(text);
    }

    private static Map<String, String> services(String text) {
        Map<String, String> services = new TreeMap<>();
        if (!text.equals("-")) {
            for (String entry : text.split(";")) {
                services.put(entry.split(":")[0], entry.split(":")[1]);
            }
        }
        return services;
    }
}
