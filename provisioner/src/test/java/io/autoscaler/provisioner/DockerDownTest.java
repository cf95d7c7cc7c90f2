package io.autoscaler.provisioner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With no Docker engine to talk to, the service stays alive, says why it is not ready, and keeps retrying. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@TestProfile(DockerDownTest.NoDocker.class)
class DockerDownTest {

    public static class NoDocker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("docker.host", "unix:///tmp/no-docker-here.sock");
        }
    }

    @Test
    void readinessIsDownAndSaysDockerWhileLivenessStaysUp() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'provisioner' }.status", is("DOWN"))
                .body("checks.name", hasItem("provisioner")));
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }
}
