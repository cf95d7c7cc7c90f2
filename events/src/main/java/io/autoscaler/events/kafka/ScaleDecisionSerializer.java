package io.autoscaler.events.kafka;

/**
 * Writes a ScaleDecision (or rejected raw bytes) as JSON. SmallRye names the dead-letter producer's serializer
 * after the channel's deserializer ({@code ScaleDecisionDeserializer} → this class), so it must exist under
 * this name.
 */
public class ScaleDecisionSerializer extends EventSerializer {
}
