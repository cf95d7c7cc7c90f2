package io.autoscaler.metricscollector.core;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeSettingTest {

    /** Row: autoscaler.collector.node ('-': unset) → the node named in snapshots ('-': none), or the refusal. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "-                         | -",
            "node-a                    | node-a",
            "Worker-2.example          | Worker-2.example",
            "8f1kx0w2vd3c4m7q9r5t6y8u  | 8f1kx0w2vd3c4m7q9r5t6y8u",
            "node_1                    | autoscaler.collector.node must be a host name: letters, digits, '-' and '.', at most 63 characters, starting and ending with a letter or digit, not 'node_1'",
            "-node                     | autoscaler.collector.node must be a host name: letters, digits, '-' and '.', at most 63 characters, starting and ending with a letter or digit, not '-node'",
            "'node a'                  | autoscaler.collector.node must be a host name: letters, digits, '-' and '.', at most 63 characters, starting and ending with a letter or digit, not 'node a'",
    })
    void theSettingIsCheckedByTheReadersRule(String setting, String expected) {
        Optional<String> node = "-".equals(setting) ? Optional.empty() : Optional.of(setting);
        if (expected.startsWith("autoscaler.collector.node must")) {
            assertThat(assertThrows(IllegalArgumentException.class, () -> NodeSetting.checked(node)).getMessage(),
                    is(expected));
        } else {
            assertThat(NodeSetting.checked(node), is("-".equals(expected) ? null : expected));
        }
    }
}
