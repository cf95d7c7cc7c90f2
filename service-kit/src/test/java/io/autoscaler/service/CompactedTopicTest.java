package io.autoscaler.service;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a compacted-topic view keeps and tells. Records are written "key=value" on partition 0 at offsets
 * 0, 1, 2, ... ("a=2@0" at offset 0): a value is a number (a valid record named after its key), "-" a
 * tombstone, "bad" not JSON, "b:1" a record named b (breaks the rule that a name is its key), "neg" a
 * negative number (breaks a rule). Told is each listener call, "key:before/after" ("-" for none). The
 * topic ended after the last record at start-up: once every record is handled the view is loaded.
 */
class CompactedTopicTest {
    /** A test value; the rules: named after its key, n not negative. */
    record Value(String name, int n) {
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, records in order, latest per key, told, rejected
                Arguments.of("a new key", "a=1", "a=1", "a:-/1", 0),
                Arguments.of("the latest value wins", "a=1 a=2", "a=2", "a:-/1 a:1/2", 0),
                Arguments.of("a repeated value is told, unchanged", "a=1 a=1", "a=1", "a:-/1 a:1/1", 0),
                Arguments.of("keys apart", "a=1 b=2", "a=1 b=2", "a:-/1 b:-/2", 0),
                Arguments.of("a tombstone removes the key", "a=1 a=-", "", "a:-/1 a:1/-", 0),
                Arguments.of("a tombstone of an unknown key is told", "a=-", "", "a:-/-", 0),
                Arguments.of("a re-created key starts from nothing", "a=1 a=- a=3", "a=3", "a:-/1 a:1/- a:-/3", 0),
                Arguments.of("not JSON: rejected, previous kept", "a=1 a=bad", "a=1", "a:-/1", 1),
                Arguments.of("named otherwise: rejected", "a=1 a=b:2", "a=1", "a:-/1", 1),
                Arguments.of("a broken rule: rejected", "a=neg b=1", "b=1", "b:-/1", 1),
                Arguments.of("a replay after a rebalance changes nothing", "a=1 a=2 a=1@0", "a=2", "a:-/1 a:1/2", 0),
                Arguments.of("issue 13 a: a pools record keyed x named y is rejected and holds nothing up", "a=1 x=y:1",
                        "a=1", "a:-/1", 1),
                Arguments.of("issue 13 i: a last record that is not JSON holds nothing up", "a=1 a=bad", "a=1",
                        "a:-/1", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void read(String name, String records, String latest, String told, int rejected) {
        List<String> tells = new ArrayList<>();
        String[] all = records.split("\\s+");
        long end = Stream.of(all).filter(r -> !r.contains("@")).count();
        CompactedTopic<Value> topic = new CompactedTopic<>("t", Value.class, CompactedTopicTest::require,
                () -> Map.of(0, end),
                (key, before, after) -> tells.add(key + ":" + show(before) + "/" + show(after)));
        assertThat(name + ": loaded before reading", topic.loaded(), is(end == 0));
        int offset = 0;
        int refused = 0;
        for (String record : all) {
            String[] kv = record.split("=", 2);
            String[] at = kv[1].split("@");
            long o = at.length > 1 ? Long.parseLong(at[1]) : offset;
            offset++;
            try {
                topic.read(new ConsumerRecord<>("t", 0, o, kv[0], json(kv[0], at[0])));
            } catch (RuntimeException e) {
                refused++;
            }
        }
        String state = new TreeMap<>(topic.all()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().n())
                .collect(Collectors.joining(" "));
        assertThat(name + ": latest", state, is(latest));
        assertThat(name + ": told", String.join(" ", tells), is(told));
        assertThat(name + ": rejected", refused, is(rejected));
        assertThat(name + ": loaded once every record is handled", topic.loaded(), is(true));
    }

    private static byte[] json(String key, String value) {
        String text = switch (value) {
            case "-" -> null;
            case "bad" -> "{not json";
            case "neg" -> "{\"name\":\"" + key + "\",\"n\":-1}";
            default -> value.contains(":")
                    ? "{\"name\":\"" + value.split(":")[0] + "\",\"n\":" + value.split(":")[1] + "}"
                    : "{\"name\":\"" + key + "\",\"n\":" + value + "}";
        };
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String show(Value value) {
        return value == null ? "-" : Integer.toString(value.n());
    }

    static <V> V require(String key, V value) {
        if (value instanceof Value v && (!v.name().equals(key) || v.n() < 0)) {
            throw new IllegalArgumentException("breaks the rules: " + v);
        }
        return value;
    }
}
