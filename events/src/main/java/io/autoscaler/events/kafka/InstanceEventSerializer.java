package io.autoscaler.events.kafka;

/**
 * Writes a InstanceEvent (or rejected raw bytes) as JSON. SmallRye names the dead-letter producer's serializer
 * after the channel's deserializer ({@code InstanceEventDeserializer} → this class), so it must exist under
 * this name.
 */
public class InstanceEventSerializer extends EventSerializer {
}
