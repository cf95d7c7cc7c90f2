package io.autoscaler.decisionengine.registry;

import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The registry API without a token configured: what it stores, where, and what it refuses. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PoolApiTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void putStoresTheSpecOnThePoolsTopicAndGetReadsItBack() {
        String pool = uniquePool();
        given().contentType(ContentType.JSON).body(spec(1, 4)).put("/pools/" + pool).then().statusCode(201)
                .body("name", is(pool)).body("haproxyBackend", is(pool)).body("maxReplicas", is(4))
                .body("policy.scaleUp.maxStepInstances", is(1)).body("drain.timeoutMs", is(30000));

        PoolSpec stored = KafkaBroker.shared().records().awaitEvent(Topics.POOLS, PoolSpec.class,
                s -> pool.equals(s.name()), TIMEOUT);
        assertThat(stored.maxReplicas(), is(4));

        given().get("/pools/" + pool).then().statusCode(200).body("spec.name", is(pool))
                .body("status.desiredReplicas", is(1));
        given().get("/pools").then().statusCode(200).body("spec.name", hasItem(pool));

        given().contentType(ContentType.JSON).body("{\"name\": \"" + pool + "\"," + spec(1, 5).substring(1))
                .put("/pools/" + pool).then().statusCode(200).body("maxReplicas", is(5));

        given().delete("/pools/" + pool).then().statusCode(204);
        KafkaBroker.shared().records().await(Topics.POOLS, r -> pool.equals(r.key()) && r.value() == null, TIMEOUT);
        given().get("/pools/" + pool).then().statusCode(404);
    }

    @Test
    void anInvalidSpecGets400WithEveryViolation() {
        String pool = uniquePool();
        String body = """
                {"image": "nginx:latest", "minReplicas": 5, "maxReplicas": 80,
                 "policy": {"metrics": [{"name": "temperature", "target": 50}]}}
                """;
        given().contentType(ContentType.JSON).body(body).put("/pools/" + pool).then().statusCode(400)
                .body("errors.field", hasItems("image", "maxReplicas", "policy.metrics[0].name"))
                .body("errors.find { it.field == 'image' }.reason", containsString("allowed images"))
                .body("errors.find { it.field == 'maxReplicas' }.reason", containsString("at most 50"));
        given().get("/pools/" + pool).then().statusCode(404);
    }

    @Test
    void theStacksNetworkAndLimitRulesAre400sToo() {
        String pool = uniquePool();
        String body = """
                {"image": "autoscaler/demo-app", "network": "autoscaler-control",
                 "healthCheck": {"path": "/health check"}, "resources": {"cpus": 0, "memoryMb": 0}}
                """;
        given().contentType(ContentType.JSON).body(body).put("/pools/" + pool).then().statusCode(400)
                .body("errors.field", hasItems("network", "healthCheck.path", "resources.cpus", "resources.memoryMb"))
                .body("errors.find { it.field == 'network' }.reason", containsString("control network"));
        given().get("/pools/" + pool).then().statusCode(404);
    }

    @Test
    void aNameThatDiffersFromThePathOrABadPathNameIs400() {
        given().contentType(ContentType.JSON).body("{\"name\": \"other\", \"image\": \"autoscaler/demo-app\"}")
                .put("/pools/" + uniquePool()).then().statusCode(400).body("errors.field", hasItem("name"));
        given().contentType(ContentType.JSON).body("{\"image\": \"autoscaler/demo-app\"}")
                .put("/pools/Not_A_Label").then().statusCode(400).body("errors.field", hasItem("name"));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON).body("{\"image\": \"autoscaler/demo-app\", \"port\": \"eighty\"}")
                .put("/pools/" + uniquePool()).then().statusCode(400).body("errors[0].field", is("body"))
                .body("errors[0].reason", containsString("port"));
        given().contentType(ContentType.JSON).body("{not json").put("/pools/" + uniquePool()).then().statusCode(400);
    }

    @Test
    void unknownPoolsAre404() {
        given().get("/pools/" + uniquePool()).then().statusCode(404);
        given().delete("/pools/" + uniquePool()).then().statusCode(404);
    }

    @Test
    void writesNeedNoTokenWhenNoneIsConfigured() {
        String pool = uniquePool();
        given().contentType(ContentType.JSON).header("Authorization", "Bearer whatever").body(spec(1, 2))
                .put("/pools/" + pool).then().statusCode(201);
        given().delete("/pools/" + pool).then().statusCode(204);
    }

    @Test
    void theOpenApiDocumentDescribesThePoolsApi() {
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("paths.'/pools/{name}'.put.responses.'400'.description", containsString("Invalid"))
                .body("paths.'/pools/{name}'.delete.responses.'204'", notNullValue())
                .body("components.schemas.PoolSpec", notNullValue());
    }

    @Test
    void statusOfAPoolWithoutMembershipIsEmptyButPresent() {
        String pool = uniquePool();
        given().contentType(ContentType.JSON).body(spec(2, 3)).put("/pools/" + pool).then().statusCode(201);
        given().get("/pools/" + pool).then().statusCode(200).body("status.currentReplicas", is(0))
                .body("status.lastDecision.type", anyOf(nullValue(), is("SCALE")));
        assertThat(EventJson.encodeToString(ApiError.of("f", "r")), is("{\"errors\":[{\"field\":\"f\",\"reason\":\"r\"}]}"));
        given().delete("/pools/" + pool).then().statusCode(204);
    }
}
