package io.autoscaler.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopicsTest {
    static Stream<Arguments> designTable() {
        return Stream.of(
                Arguments.of("autoscaler.pools", Map.of("cleanup.policy", "compact")),
                Arguments.of("autoscaler.metrics.cpu", Map.of("cleanup.policy", "delete", "retention.ms", "3600000")),
                Arguments.of("autoscaler.metrics.haproxy", Map.of("cleanup.policy", "delete", "retention.ms", "3600000")),
                Arguments.of("autoscaler.scale-events",
                        Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "86400000")),
                Arguments.of("autoscaler.membership", Map.of("cleanup.policy", "compact")),
                Arguments.of("autoscaler.instance-events", Map.of("cleanup.policy", "delete", "retention.ms", "604800000")),
                Arguments.of("autoscaler.lb-events", Map.of("cleanup.policy", "delete", "retention.ms", "604800000")),
                Arguments.of("autoscaler.dead-letter", Map.of("cleanup.policy", "delete", "retention.ms", "604800000")));
    }

    @ParameterizedTest
    @MethodSource("designTable")
    void everyTopicHasTheSettingsOfDesignMd(String name, Map<String, String> configs) {
        assertEquals(configs, Topics.named(name).configs());
    }

    @Test
    void thereAreNoOtherTopics() {
        assertThat(Topics.ALL.stream().map(Topics.Topic::name).toList(),
                containsInAnyOrder(designTable().map(a -> (String) a.get()[0]).toArray()));
    }
}
