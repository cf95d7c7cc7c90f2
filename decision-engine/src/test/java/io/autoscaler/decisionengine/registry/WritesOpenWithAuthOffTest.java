package io.autoscaler.decisionengine.registry;

import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** AUTOSCALER_API_AUTH=off, the laptop demo's explicit opt-out: writes need no token. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(WritesOpenWithAuthOffTest.AuthOff.class)
class WritesOpenWithAuthOffTest {

    @Test
    void writesNeedNoToken() {
        String pool = uniquePool();
        given().contentType(ContentType.JSON).body(spec(1, 2)).put("/pools/" + pool).then().statusCode(201);
        given().delete("/pools/" + pool).then().statusCode(204);
    }

    public static class AuthOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("autoscaler.api.token", "", "autoscaler.api.auth", "off");
        }
    }
}
