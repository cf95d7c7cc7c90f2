package io.autoscaler.events.kafka;

import io.autoscaler.events.InstanceEvent;

public class InstanceEventDeserializer extends EventDeserializer<InstanceEvent> {
    public InstanceEventDeserializer() {
        super(InstanceEvent.class);
    }
}
