package io.autoscaler.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.json.MalformedEventException;
import io.autoscaler.events.kafka.EventSerializer;
import io.autoscaler.events.kafka.PoolSpecDeserializer;

class KafkaSerdeTest {
    private final EventSerializer serializer = new EventSerializer();
    private final PoolSpecDeserializer deserializer = new PoolSpecDeserializer();

    @Test
    void anEventGoesThroughTheKafkaSerdeUnchanged() {
        PoolSpec spec = PoolSpec.of("web", "nginx:1.27").withTimestamp(Timestamps.now());

        assertEquals(spec, deserializer.deserialize("t", serializer.serialize("t", spec)));
    }

    @Test
    void aTombstoneStaysNullBothWays() {
        assertNull(serializer.serialize("t", null));
        assertNull(deserializer.deserialize("t", null));
    }

    @Test
    void rejectedBytesPassThroughTheSerializerAsTheyWere() {
        byte[] garbage = {(byte) 0xff, 'x', '{'};

        assertSame(garbage, serializer.serialize("t", garbage));
        assertArrayEquals("text".getBytes(StandardCharsets.UTF_8), serializer.serialize("t", "text"));
    }

    @Test
    void badBytesAreATypedError() {
        MalformedEventException e = assertThrows(MalformedEventException.class,
                () -> deserializer.deserialize("t", new byte[] {(byte) 0xff, 'x'}));
        assertThat(e.getMessage(), startsWith("PoolSpec: "));
    }
}
