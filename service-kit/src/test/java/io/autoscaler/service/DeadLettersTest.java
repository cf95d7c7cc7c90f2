package io.autoscaler.service;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolMembership;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;

/** What goes to the dead-letter topic for a rejected record: the record as it arrived, and why. */
class DeadLettersTest {
    private static final String TOPIC = "autoscaler.dead-letter";

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, payload read, headers on arrival, reason, expected value, expected headers (subset)
                Arguments.of("unreadable: the bytes SmallRye kept", null,
                        Map.of("deserialization-failure-data", "{not json", "deserialization-failure-reason", "bad"),
                        new IllegalStateException("bad"), "{not json",
                        Map.of("dead-letter-reason", "bad", "deserialization-failure-reason", "bad",
                                "dead-letter-exception-class-name", "java.lang.IllegalStateException")),
                Arguments.of("raw bytes refused: as they were", "{\"name\":\"y\"}".getBytes(StandardCharsets.UTF_8),
                        Map.of(), new IllegalArgumentException("name must equal the record key"), "{\"name\":\"y\"}",
                        Map.of("dead-letter-reason", "name must equal the record key")),
                Arguments.of("an event refused: written back as JSON", new PoolMembership("web", 3, 1, List.of(), Instant.ofEpochMilli(1000)),
                        Map.of(), new IllegalArgumentException("no"), "{\"pool\":\"web\",\"generation\":3,\"desiredReplicas\":1,\"instances\":[],"
                                + "\"timestamp\":\"1970-01-01T00:00:01.000Z\"}",
                        Map.of("dead-letter-reason", "no")),
                Arguments.of("the cause is named", "x", Map.of(),
                        new IllegalStateException("outer", new NumberFormatException("inner")), "x",
                        Map.of("dead-letter-cause", "inner",
                                "dead-letter-cause-class-name", "java.lang.NumberFormatException")),
                Arguments.of("a reason without a message: its type", "x", Map.of(), new NullPointerException(), "x",
                        Map.of("dead-letter-reason", "java.lang.NullPointerException")),
                Arguments.of("where it came from", "x", Map.of(), new IllegalStateException("r"), "x",
                        Map.of("dead-letter-topic", "autoscaler.pools", "dead-letter-partition", "2",
                                "dead-letter-offset", "41")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aRejectedRecordIsSentAsItArrived(String name, Object payload, Map<String, String> arrived, Throwable reason,
            String value, Map<String, String> expected) {
        RecordHeaders headers = new RecordHeaders();
        arrived.forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<String, Object> consumed = new ConsumerRecord<>("autoscaler.pools", 2, 41, 0L,
                TimestampType.CREATE_TIME, -1, -1, "key-1", payload, headers, Optional.empty());
        IncomingKafkaRecord<String, Object> record = new IncomingKafkaRecord<>(consumed, "pools", 0, null, null,
                false, false);

        ProducerRecord<String, byte[]> letter = DeadLetters.letter(TOPIC, record, reason);

        assertThat(letter.topic(), is(TOPIC));
        assertThat(letter.key(), is("key-1"));
        assertThat(new String(letter.value(), StandardCharsets.UTF_8), is(value));
        expected.forEach((header, text) -> assertThat(header, text(letter, header), is(text)));
        if (reason.getCause() == null) {
            assertThat(letter.headers().lastHeader("dead-letter-cause"), is(nullValue()));
        }
    }

    private static String text(ProducerRecord<String, byte[]> letter, String header) {
        Header h = letter.headers().lastHeader(header);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
