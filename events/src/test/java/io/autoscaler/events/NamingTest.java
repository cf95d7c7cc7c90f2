package io.autoscaler.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamingTest {
    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
            "demo, demo-3f2a9c1e,    3f2a9c1e",
            "demo, demo-,            NONE",
            "demo, static1,          NONE",
            "demo, demo2-3f2a9c1e,   NONE",
            "web-a, web-a-77d0e412,  77d0e412",
            "demo, NONE,             NONE"})
    void aServerNameLeadsBackToItsInstance(String pool, String server, String instanceId) {
        assertEquals(Optional.ofNullable(instanceId), Naming.instanceId(pool, server));
    }

    @ParameterizedTest
    @CsvSource({"demo, 3f2a9c1e", "web-a, 0"})
    void namesRoundTrip(String pool, String instanceId) {
        assertEquals(Optional.of(instanceId), Naming.instanceId(pool, Naming.serverName(pool, instanceId)));
    }
}
