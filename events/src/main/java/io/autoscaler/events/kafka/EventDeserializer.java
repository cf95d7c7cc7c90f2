package io.autoscaler.events.kafka;

import org.apache.kafka.common.serialization.Deserializer;

import io.autoscaler.events.json.EventJson;
import io.autoscaler.events.json.MalformedEventException;

/**
 * Reads one event type; a null value (a tombstone) stays null. Bad JSON throws
 * {@link MalformedEventException}: SmallRye's dead-letter strategy, with
 * {@code fail-on-deserialization-failure=false}, then routes the record to the dead-letter topic
 * and the application never sees it. One subclass per type, because Kafka configures
 * deserializers by class name.
 */
public abstract class EventDeserializer<T> implements Deserializer<T> {
    private final Class<T> type;

    protected EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        return EventJson.decode(data, type);
    }
}
