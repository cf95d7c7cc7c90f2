package io.autoscaler.e2e;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.autoscaler.events.Topics;

/**
 * Every incoming channel of every service assigns itself all partitions of its topic (no consumer
 * group: a restart then waits for no rebalance, and the ACLs grant no group). The partitions are listed in
 * the configuration, so a topic given more partitions in {@link Topics} fails here until each reader lists them.
 * Nor does a channel wait on close for offsets it never commits: SmallRye's graceful shutdown sleeps 2 s per
 * channel, one after another, which made a five-channel service outlast docker stop's 10 s.
 */
class ChannelAssignmentTest {
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.incoming\\.([a-z-]+)\\.connector");

    @ParameterizedTest
    @ValueSource(strings = {"metrics-collector", "decision-engine", "provisioner", "lb-configurator"})
    void everyChannelAssignsEveryPartitionOfItsTopicAndClosesAtOnce(String service) throws IOException {
        Properties config = load(Path.of("..", "service-kit", "src", "main", "resources", "META-INF",
                "microprofile-config.properties"));
        config.putAll(load(Path.of("..", service, "src", "main", "resources", "application.properties")));
        List<String> problems = new ArrayList<>();
        for (String key : config.stringPropertyNames()) {
            Matcher m = CHANNEL.matcher(key);
            if (!m.matches()) {
                continue;
            }
            String prefix = "mp.messaging.incoming." + m.group(1) + ".";
            String topic = config.getProperty(prefix + "topic");
            String seek = config.getProperty(prefix + "assign-seek");
            if (config.getProperty(prefix + "group.id") != null) {
                problems.add(m.group(1) + " names a consumer group");
            }
            String graceful = config.getProperty(prefix + "graceful-shutdown",
                    config.getProperty("mp.messaging.connector.smallrye-kafka.graceful-shutdown", "true"));
            if (!graceful.equals("false")) {
                problems.add(m.group(1) + " waits a graceful shutdown");
            }
            if (!"ignore".equals(config.getProperty(prefix + "commit-strategy"))) {
                problems.add(m.group(1) + " commits offsets");
            }
            if (seek == null) {
                problems.add(m.group(1) + " has no assign-seek");
                continue;
            }
            Set<Integer> assigned = List.of(seek.split(",")).stream().map(t -> Integer.parseInt(t.strip().split(":")[0]))
                    .collect(Collectors.toCollection(TreeSet::new));
            int partitions = Topics.ALL.stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow().partitions();
            Set<Integer> all = IntStream.range(0, partitions).boxed().collect(Collectors.toCollection(TreeSet::new));
            assertThat(m.group(1) + " of " + service, assigned, is(all));
        }
        assertThat(problems, empty());
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
