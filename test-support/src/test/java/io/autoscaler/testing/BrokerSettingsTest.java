package io.autoscaler.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests run the broker the stack runs: same listeners, SASL, authorizer and log dir, on the named volume, in the
 * compose file and in the swarm stack file alike.
 */
class BrokerSettingsTest {
    private static final Path INFRA = Path.of("..", "infra");

    @ParameterizedTest
    @ValueSource(strings = { "docker-compose.yml", "swarm/stack.yml" })
    void theTestBrokerHasTheStacksSettings(String file) throws IOException {
        Map<String, String> stack = new TreeMap<>(kafkaEnvironment(service(file, "kafka")));
        // where clients reach it differs by nature (a port the test picked); the admin secret is in an env_file
        stack.remove("KAFKA_ADVERTISED_LISTENERS");
        assertThat(stack, is(new TreeMap<>(KafkaBrokerContainer.securedSettings())));
    }

    @ParameterizedTest
    @ValueSource(strings = { "docker-compose.yml", "swarm/stack.yml" })
    void theStacksBrokerKeepsItsLogDirOnTheNamedVolume(String file) throws IOException {
        List<String> kafka = service(file, "kafka");
        assertThat(kafka, hasItem("- kafka-data:" + KafkaBrokerContainer.LOG_DIR));
        assertThat(kafkaEnvironment(kafka).get("KAFKA_LOG_DIRS"), is(KafkaBrokerContainer.LOG_DIR));
        assertThat(topLevel(file, "volumes"), hasItem("kafka-data:"));
    }

    /** The lines of one service of an infra/ file, stripped, comments left out. */
    private static List<String> service(String file, String name) throws IOException {
        return section(Files.readAllLines(INFRA.resolve(file)), "  " + name + ":", 2);
    }

    private static List<String> topLevel(String file, String name) throws IOException {
        return section(Files.readAllLines(INFRA.resolve(file)), name + ":", 0);
    }

    private static List<String> section(List<String> file, String header, int indent) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String raw : file) {
            if (raw.isBlank() || raw.strip().startsWith("#")) {
                continue;
            }
            int depth = raw.length() - raw.stripLeading().length();
            if (depth <= indent) {
                in = raw.equals(header);
            } else if (in) {
                lines.add(raw.strip());
            }
        }
        return lines;
    }

    private static Map<String, String> kafkaEnvironment(List<String> service) {
        Map<String, String> env = new TreeMap<>();
        boolean in = false;
        for (String line : service) {
            if (line.endsWith(":") && !line.contains(" ")) {
                in = line.equals("environment:");
            } else if (in && line.matches("[A-Z0-9_]+: .*")) {
                String value = line.substring(line.indexOf(": ") + 2).strip();
                env.put(line.substring(0, line.indexOf(':')), value.replaceAll("^\"(.*)\"$", "$1"));
            }
        }
        return env;
    }
}
