package io.autoscaler.events.kafka;

/**
 * Writes a CpuSnapshot (or rejected raw bytes) as JSON. SmallRye names the dead-letter producer's serializer
 * after the channel's deserializer ({@code CpuSnapshotDeserializer} → this class), so it must exist under
 * this name.
 */
public class CpuSnapshotSerializer extends EventSerializer {
}
