package io.autoscaler.events.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.serialization.Serializer;

import io.autoscaler.events.json.EventJson;

/**
 * Writes any event as JSON. Raw bytes and strings pass through unchanged, so the same serializer
 * serves the dead-letter topic, which receives records exactly as they were rejected.
 */
public class EventSerializer implements Serializer<Object> {
    @Override
    public byte[] serialize(String topic, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return EventJson.encode(value);
    }
}
