package io.autoscaler.events.kafka;

import io.autoscaler.events.CpuSnapshot;

public class CpuSnapshotDeserializer extends EventDeserializer<CpuSnapshot> {
    public CpuSnapshotDeserializer() {
        super(CpuSnapshot.class);
    }
}
