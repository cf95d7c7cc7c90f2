package io.autoscaler.events.kafka;

import io.autoscaler.events.LbEvent;

public class LbEventDeserializer extends EventDeserializer<LbEvent> {
    public LbEventDeserializer() {
        super(LbEvent.class);
    }
}
