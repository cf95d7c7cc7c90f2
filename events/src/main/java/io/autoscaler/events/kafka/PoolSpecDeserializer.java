package io.autoscaler.events.kafka;

import io.autoscaler.events.PoolSpec;

public class PoolSpecDeserializer extends EventDeserializer<PoolSpec> {
    public PoolSpecDeserializer() {
        super(PoolSpec.class);
    }
}
