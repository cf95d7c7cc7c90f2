package io.autoscaler.service;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.autoscaler.events.json.EventJson;

/**
 * A service's view of a compacted topic, rebuilt from its beginning at every start: the latest valid
 * value per key. A channel hands it every record ({@link #read}); a record that cannot be read or breaks
 * the shared rules throws, so that the channel's failure strategy sends it to the dead-letter topic, and
 * the key's previous valid value stays in effect. A tombstone (null value) removes the key. Every valid
 * record is told to the listener, in order, on the channel's thread, before it counts as handled;
 * {@link #loaded} is {@link CatchUp}'s. A record at or below an offset already handled on its partition is a replay
 * (after a rebalance) and changes nothing.
 */
public final class CompactedTopic<T> {
    private static final Logger LOG = Logger.getLogger(CompactedTopic.class);
    private static final Duration END_TIMEOUT = Duration.ofSeconds(5);

    /** The shared rules: returns the value, or throws naming what is wrong. */
    @FunctionalInterface
    public interface Rules {
        <V> V require(String key, V value);
    }

    /**
     * A valid record was read under {@code key}: {@code before} is the key's previous value (null when new),
     * {@code after} its new one (null for a tombstone); equal when the record repeats the value.
     */
    @FunctionalInterface
    public interface Listener<T> {
        void read(String key, T before, T after);

        static <T> boolean changed(T before, T after) {
            return !java.util.Objects.equals(before, after);
        }
    }

    private final String topic;
    private final Class<T> type;
    private final Rules rules;
    private final Listener<T> listener;
    private final Supplier<Map<Integer, Long>> endOffsets;
    private final Map<String, T> latest = new ConcurrentHashMap<>();
    private final CatchUp catchUp = new CatchUp();

    /** @param broker asked where the topic ends at start-up */
    public CompactedTopic(String topic, Class<T> type, Rules rules, BrokerAdmin broker, Listener<T> listener) {
        this(topic, type, rules, () -> broker.endOffsets(topic, END_TIMEOUT), listener);
    }

    /** @param endOffsets where the topic ends now, per partition; throws while that cannot be told */
    CompactedTopic(String topic, Class<T> type, Rules rules, Supplier<Map<Integer, Long>> endOffsets,
            Listener<T> listener) {
        this.topic = topic;
        this.type = type;
        this.rules = rules;
        this.endOffsets = endOffsets;
        this.listener = listener;
    }

    /** Applies one record of the topic; throws if it cannot be read or breaks the rules. */
    public void read(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.offset() > catchUp.lastHandled(record.partition())) {
                apply(record.key(), record.value());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Rejecting the %s record at %d-%d under key %s: %s", topic, record.partition(),
                    record.offset(), record.key(), e.getMessage());
            throw e;
        } finally {
            catchUp.handled(record.partition(), record.offset());
        }
    }

    private void apply(String key, byte[] json) {
        T value = rules.require(key, json == null ? null : EventJson.decode(json, type));
        T before = value == null ? latest.remove(key) : latest.put(key, value);
        listener.read(key, before, value);
    }

    public Optional<T> get(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    /** A snapshot of every key's latest value. */
    public Map<String, T> all() {
        return Map.copyOf(latest);
    }

    /**
     * True once every record that was on the topic when the service started has been handled; until then
     * an absent key may just not be read yet. The first calls read where the topic ends, and answer false
     * while the broker does not tell.
     */
    public boolean loaded() {
        if (!catchUp.knowsEnd()) {
            try {
                catchUp.endAtStart(endOffsets.get());
            } catch (RuntimeException e) {
                LOG.debugf("Cannot read the end of %s yet: %s", topic, e);
                return false;
            }
        }
        return catchUp.caughtUp();
    }

    public String topic() {
        return topic;
    }
}
