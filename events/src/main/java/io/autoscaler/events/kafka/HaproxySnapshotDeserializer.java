package io.autoscaler.events.kafka;

import io.autoscaler.events.HaproxySnapshot;

public class HaproxySnapshotDeserializer extends EventDeserializer<HaproxySnapshot> {
    public HaproxySnapshotDeserializer() {
        super(HaproxySnapshot.class);
    }
}
