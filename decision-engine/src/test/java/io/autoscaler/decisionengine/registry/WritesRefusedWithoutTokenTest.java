package io.autoscaler.decisionengine.registry;

import static io.autoscaler.decisionengine.Fixtures.TOKEN;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The engine with no token configured and auth left on (the default): writes are refused, reads work. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(WritesRefusedWithoutTokenTest.NoToken.class)
class WritesRefusedWithoutTokenTest {

    @Test
    void writesAreRefusedWithAnAnswerThatSaysHowToConfigureAToken() {
        String pool = uniquePool();
        given().contentType(ContentType.JSON).body(spec(1, 2)).put("/pools/" + pool).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("errors[0].reason", containsString("no API token is configured"))
                .body("errors[0].reason", containsString("AUTOSCALER_API_TOKEN"))
                .body("errors[0].reason", containsString("AUTOSCALER_API_AUTH=off"));
        // no token matches when none is configured, not even an empty one
        for (String any : new String[] {"Bearer " + TOKEN, "Bearer ", "Bearer"}) {
            given().contentType(ContentType.JSON).header("Authorization", any).body(spec(1, 2)).put("/pools/" + pool)
                    .then().statusCode(401);
        }
        given().header("Authorization", "Bearer " + TOKEN).delete("/pools/" + pool).then().statusCode(401);
        given().get("/pools/" + pool).then().statusCode(404);
        given().get("/pools").then().statusCode(200);
    }

    public static class NoToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("autoscaler.api.token", "");
        }
    }
}
