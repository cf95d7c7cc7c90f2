package io.autoscaler.events.kafka;

/**
 * Writes a HaproxySnapshot (or rejected raw bytes) as JSON. SmallRye names the dead-letter producer's serializer
 * after the channel's deserializer ({@code HaproxySnapshotDeserializer} → this class), so it must exist under
 * this name.
 */
public class HaproxySnapshotSerializer extends EventSerializer {
}
