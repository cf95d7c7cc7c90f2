package io.autoscaler.events.kafka;

/**
 * Writes a PoolSpec (or rejected raw bytes) as JSON. SmallRye names the dead-letter producer's serializer
 * after the channel's deserializer ({@code PoolSpecDeserializer} → this class), so it must exist under
 * this name.
 */
public class PoolSpecSerializer extends EventSerializer {
}
