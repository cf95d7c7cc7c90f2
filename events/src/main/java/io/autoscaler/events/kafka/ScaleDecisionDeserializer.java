package io.autoscaler.events.kafka;

import io.autoscaler.events.ScaleDecision;

public class ScaleDecisionDeserializer extends EventDeserializer<ScaleDecision> {
    public ScaleDecisionDeserializer() {
        super(ScaleDecision.class);
    }
}
