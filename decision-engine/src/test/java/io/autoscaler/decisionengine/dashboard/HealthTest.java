package io.autoscaler.decisionengine.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthTest {
    /**
     * Row: deciding | Kafka unreachable for (s, '-' answers) | no snapshot for (s) | any pool → the state:
     * reachable?, unreachable seconds, collector silent seconds ('-' none). Silence counts from 10 s.
     */
    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4} {5} {6}")
    @CsvSource(delimiter = '|', value = {
            "true  | -  | 2  | true  | true  | -  | -  ",
            "true  | -  | 12 | true  | true  | -  | 12 ", // Kafka answers, the collector is silent
            "true  | -  | 12 | false | true  | -  | -  ", // no pool: nothing to collect
            "true  | 5  | 12 | true  | false | 5  | -  ", // unreachable: silence follows from it, not said apart
            "true  | 0  | 2  | true  | false | 0  | -  ",
            "false | -  | 30 | true  | true  | -  | 30 ", // still rebuilding: both facts kept, the page says the first
            "false | 40 | 40 | true  | false | 40 | -  ",
    })
    void eachStateToldApart(boolean deciding, String unreachable, long silent, boolean anyPool, boolean reachable,
            String unreachableSeconds, String silentSeconds) {
        Health health = Health.of(deciding, seconds(unreachable), silent, anyPool, 10);
        assertEquals(new Health(deciding, reachable, seconds(unreachableSeconds), seconds(silentSeconds)), health);
    }

    private static Long seconds(String text) {
        return text.equals("-") ? null : Long.valueOf(text);
    }
}
