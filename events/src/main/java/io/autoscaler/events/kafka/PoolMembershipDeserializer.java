package io.autoscaler.events.kafka;

import io.autoscaler.events.PoolMembership;

public class PoolMembershipDeserializer extends EventDeserializer<PoolMembership> {
    public PoolMembershipDeserializer() {
        super(PoolMembership.class);
    }
}
