package io.autoscaler.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StackLimitsTest {
    @Test
    void readsEachServicesLimitAndNothingOutsideServices() {
        Map<String, Long> limits = StackLimits.parse(List.of(
                "x-anchor: &a",
                "  mem_limit: 1g",
                "services:",
                "  kafka:",
                "    # a comment",
                "    mem_limit: 512m",
                "  haproxy:",
                "    image: haproxy",
                "  app:",
                "    mem_limit: 2g",
                "volumes:",
                "  data:",
                "    mem_limit: 3m"));
        assertEquals(Map.of("kafka", 512L << 20, "app", 2L << 30), limits);
    }

    @Test
    void theStackLimitsEveryJvm() {
        Map<String, Long> limits = StackLimits.read(Path.of("..", "infra", "docker-compose.yml"));
        for (String jvm : List.of("kafka", "decision-engine", "metrics-collector", "provisioner", "lb-configurator")) {
            assertEquals(true, limits.containsKey(jvm), jvm + " has a mem_limit");
        }
    }
}
