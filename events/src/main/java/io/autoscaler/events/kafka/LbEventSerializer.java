package io.autoscaler.events.kafka;

/**
 * Writes a LbEvent (or rejected raw bytes) as JSON. SmallRye names the dead-letter producer's serializer
 * after the channel's deserializer ({@code LbEventDeserializer} → this class), so it must exist under
 * this name.
 */
public class LbEventSerializer extends EventSerializer {
}
