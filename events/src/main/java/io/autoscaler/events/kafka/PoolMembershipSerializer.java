package io.autoscaler.events.kafka;

/**
 * Writes a PoolMembership (or rejected raw bytes) as JSON. SmallRye names the dead-letter producer's serializer
 * after the channel's deserializer ({@code PoolMembershipDeserializer} → this class), so it must exist under
 * this name.
 */
public class PoolMembershipSerializer extends EventSerializer {
}
