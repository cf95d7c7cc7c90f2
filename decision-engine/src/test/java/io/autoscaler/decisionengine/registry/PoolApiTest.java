package io.autoscaler.decisionengine.registry;

import static io.autoscaler.decisionengine.Fixtures.TOKEN;
import static io.autoscaler.decisionengine.Fixtures.api;
import static io.autoscaler.decisionengine.Fixtures.spec;
import static io.autoscaler.decisionengine.Fixtures.uniquePool;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.ScaleDecision;
import io.autoscaler.events.Topics;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.testing.KafkaBroker;
import io.autoscaler.testing.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The registry API with the test profile's token: what it stores, where, what it refuses, what reads
 * show of env, and that a retried PUT has no second effect.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class PoolApiTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void putStoresTheSpecOnThePoolsTopicAndGetReadsItBack() {
        String pool = uniquePool();
        api().contentType(ContentType.JSON).body(spec(1, 4)).put("/pools/" + pool).then().statusCode(201)
                .body("name", is(pool)).body("haproxyBackend", is(pool)).body("maxReplicas", is(4))
                .body("policy.scaleUp.policies[0].type", is("Pods")).body("policy.scaleUp.policies[0].value", is(1))
                .body("policy.scaleUp.policies[0].periodMs", is(60000)).body("drain.timeoutMs", is(30000));

        PoolSpec stored = KafkaBroker.shared().records().awaitEvent(Topics.POOLS, PoolSpec.class,
                s -> pool.equals(s.name()), TIMEOUT);
        assertThat(stored.maxReplicas(), is(4));

        given().get("/pools/" + pool).then().statusCode(200).body("spec.name", is(pool))
                .body("status.desiredReplicas", is(1));
        given().get("/pools").then().statusCode(200).body("spec.name", hasItem(pool));

        api().contentType(ContentType.JSON).body("{\"name\": \"" + pool + "\"," + spec(1, 5).substring(1))
                .put("/pools/" + pool).then().statusCode(200).body("maxReplicas", is(5));

        api().delete("/pools/" + pool).then().statusCode(204);
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
        api().contentType(ContentType.JSON).body(body).put("/pools/" + pool).then().statusCode(400)
                .body("errors.field", hasItems("image", "maxReplicas", "policy.metrics[0].name"))
                .body("errors.find { it.field == 'image' }.reason", containsString("allowed images"))
                .body("errors.find { it.field == 'maxReplicas' }.reason", containsString("at most 50"));
        given().get("/pools/" + pool).then().statusCode(404);
    }

    @Test
    void hpaAndAwsPolicyRulesAre400sNamingTheField() {
        String pool = uniquePool();
        String body = """
                {"image": "autoscaler/demo-app:latest",
                 "policy": {"type": "step", "adjustmentType": "PercentChangeInCapacity",
                            "steps": [{"metric": "cpu", "from": 60, "change": 20},
                                      {"metric": "cpu", "from": 50, "to": 70, "change": 10}],
                            "scaleUp": {"selectPolicy": "Largest", "policies": [{"type": "Pods", "value": 2}]}}}
                """;
        api().contentType(ContentType.JSON).body(body).put("/pools/" + pool).then().statusCode(400)
                .body("errors.field", hasItems("policy.steps[0]", "policy.scaleUp.selectPolicy",
                        "policy.scaleUp.policies[0].periodMs"))
                .body("errors.find { it.field == 'policy.steps[0]' }.reason", containsString("overlaps"));
        given().get("/pools/" + pool).then().statusCode(404);
    }

    @Test
    void theStacksNetworkAndLimitRulesAre400sToo() {
        String pool = uniquePool();
        String body = """
                {"image": "autoscaler/demo-app", "network": "autoscaler-control",
                 "healthCheck": {"path": "/health check"}, "resources": {"cpus": 0, "memoryMb": 0}}
                """;
        api().contentType(ContentType.JSON).body(body).put("/pools/" + pool).then().statusCode(400)
                .body("errors.field", hasItems("network", "healthCheck.path", "resources.cpus", "resources.memoryMb"))
                .body("errors.find { it.field == 'network' }.reason", containsString("control network"));
        given().get("/pools/" + pool).then().statusCode(404);
    }

    @Test
    void theLoadBalancerFieldsAreStoredAndReadBack() {
        String pool = uniquePool();
        String body = withLoadBalancing(spec(1, 2), "{\"hosts\": [\"" + pool + ".example\"], \"paths\": [\"/api\"]}",
                "\"balance\": \"hdr(X-User)\", \"stickiness\": \"cookie\", \"maxConnPerInstance\": 20, \"slowStartMs\": 5000");
        api().contentType(ContentType.JSON).body(body).put("/pools/" + pool).then().statusCode(201)
                .body("route.hosts[0]", is(pool + ".example")).body("route.paths[0]", is("/api"))
                .body("route.'default'", is(false)).body("balance", is("hdr(X-User)")).body("stickiness", is("cookie"))
                .body("maxConnPerInstance", is(20)).body("slowStartMs", is(5000));

        PoolSpec stored = lastStored(pool);
        assertThat(stored.route(), is(new PoolSpec.Route(List.of(pool + ".example"), List.of("/api"), false)));
        assertThat(List.of(stored.balance(), stored.stickiness()), is(List.of("hdr(X-User)", "cookie")));
        assertThat(List.of(stored.maxConnPerInstance().longValue(), stored.slowStartMs()), is(List.of(20L, 5000L)));
        given().get("/pools/" + pool).then().statusCode(200).body("spec.balance", is("hdr(X-User)"))
                .body("spec.route.paths[0]", is("/api")).body("spec.slowStartMs", is(5000));
        api().delete("/pools/" + pool).then().statusCode(204);
    }

    @Test
    void loadBalancerFieldsHaproxyCouldNotTakeAre400s() {
        String pool = uniquePool();
        String body = withLoadBalancing(spec(1, 2), "{\"hosts\": [\"Shop.example:80\"], "
                + "\"paths\": [\"/x\\n    server evil 127.0.0.1:1\"]}",
                "\"balance\": \"static-rr\", \"stickiness\": \"sticky\", \"maxConnPerInstance\": -1, \"slowStartMs\": 3600001");
        api().contentType(ContentType.JSON).body(body).put("/pools/" + pool).then().statusCode(400)
                .body("errors.field", hasItems("route.hosts[0]", "route.paths[0]", "balance", "stickiness",
                        "maxConnPerInstance", "slowStartMs"))
                .body("errors.find { it.field == 'balance' }.reason", containsString("cannot add servers at runtime"))
                .body("errors.find { it.field == 'route.paths[0]' }.reason", containsString("U+000A"));
        given().get("/pools/" + pool).then().statusCode(404);
    }

    @Test
    void aSecondDefaultPoolIs409NamingTheFirst() {
        String first = uniquePool();
        String second = uniquePool();
        String asDefault = withLoadBalancing(spec(1, 2), "{\"default\": true}", null);
        try {
            api().contentType(ContentType.JSON).body(asDefault).put("/pools/" + first).then().statusCode(201);
            api().contentType(ContentType.JSON).body(asDefault).put("/pools/" + second).then().statusCode(409)
                    .body("errors[0].field", is("route.default"))
                    .body("errors[0].reason", containsString("'" + first + "' is already the default"));
            given().get("/pools/" + second).then().statusCode(404);

            // the default pool itself may change, and once it is gone another may take its place
            api().contentType(ContentType.JSON).body(withLoadBalancing(spec(1, 3), "{\"default\": true}", null))
                    .put("/pools/" + first).then().statusCode(200).body("maxReplicas", is(3));
            api().delete("/pools/" + first).then().statusCode(204);
            api().contentType(ContentType.JSON).body(asDefault).put("/pools/" + second).then().statusCode(201);
        } finally {
            api().delete("/pools/" + first);
            api().delete("/pools/" + second);
        }
    }

    @Test
    void aHostAndPathAnotherPoolHasIs409ButAnOverlapIsNot() {
        String shop = uniquePool();
        String other = uniquePool();
        String host = "\"" + shop + ".example\"";
        try {
            api().contentType(ContentType.JSON).body(withLoadBalancing(spec(1, 2), "{\"hosts\": [" + host + "]}", null))
                    .put("/pools/" + shop).then().statusCode(201);
            api().contentType(ContentType.JSON).body(withLoadBalancing(spec(1, 2), "{\"hosts\": [\"b.example\", " + host
                    + "]}", null)).put("/pools/" + other).then().statusCode(409).body("errors[0].field", is("route"))
                    .body("errors[0].reason", containsString("host '" + shop + ".example' with any path"))
                    .body("errors[0].reason", containsString("pool '" + shop + "'"));
            given().get("/pools/" + other).then().statusCode(404);

            // the same host with a path prefix is a more specific claim, not the same one
            api().contentType(ContentType.JSON).body(withLoadBalancing(spec(1, 2), "{\"hosts\": [" + host
                    + "], \"paths\": [\"/api\"]}", null)).put("/pools/" + other).then().statusCode(201);
        } finally {
            api().delete("/pools/" + shop);
            api().delete("/pools/" + other);
        }
    }

    @Test
    void ofPutsClaimingOneHostAtOnceOnlyOneWins() throws Exception {
        List<String> pools = IntStream.range(0, 4).mapToObj(i -> uniquePool()).toList();
        String body = withLoadBalancing(spec(1, 2), "{\"hosts\": [\"" + pools.get(0) + ".example\"]}", null);
        ExecutorService clients = Executors.newFixedThreadPool(pools.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String pool : pools) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return api().contentType(ContentType.JSON).body(body).put("/pools/" + pool).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses.stream().sorted().toList(), is(List.of(201, 409, 409, 409)));
        } finally {
            clients.shutdownNow();
            pools.forEach(pool -> api().delete("/pools/" + pool));
        }
    }

    @Test
    void aNameThatDiffersFromThePathOrABadPathNameIs400() {
        api().contentType(ContentType.JSON).body("{\"name\": \"other\", \"image\": \"autoscaler/demo-app\"}")
                .put("/pools/" + uniquePool()).then().statusCode(400).body("errors.field", hasItem("name"));
        api().contentType(ContentType.JSON).body("{\"image\": \"autoscaler/demo-app\"}")
                .put("/pools/Not_A_Label").then().statusCode(400).body("errors.field", hasItem("name"));
    }

    @Test
    void malformedJsonIs400() {
        api().contentType(ContentType.JSON).body("{\"image\": \"autoscaler/demo-app\", \"port\": \"eighty\"}")
                .put("/pools/" + uniquePool()).then().statusCode(400).body("errors[0].field", is("body"))
                .body("errors[0].reason", containsString("port"));
        api().contentType(ContentType.JSON).body("{not json").put("/pools/" + uniquePool()).then().statusCode(400);
    }

    @Test
    void unknownPoolsAre404() {
        given().get("/pools/" + uniquePool()).then().statusCode(404);
        api().delete("/pools/" + uniquePool()).then().statusCode(404);
    }

    @Test
    void writesNeedTheBearerToken() {
        String pool = uniquePool();
        given().contentType(ContentType.JSON).body(spec(1, 2)).put("/pools/" + pool).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("errors[0].field", is("Authorization"))
                .body("errors[0].reason", containsString("Authorization: Bearer <token>"));
        for (String wrong : new String[] {"Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN, TOKEN}) {
            given().contentType(ContentType.JSON).header("Authorization", wrong).body(spec(1, 2)).put("/pools/" + pool)
                    .then().statusCode(401).header("WWW-Authenticate", "Bearer");
        }
        given().get("/pools/" + pool).then().statusCode(404);
        api().contentType(ContentType.JSON).body(spec(1, 2)).put("/pools/" + pool).then().statusCode(201);
        given().get("/pools/" + pool).then().statusCode(200);
        given().delete("/pools/" + pool).then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").delete("/pools/" + pool).then().statusCode(401);
        api().delete("/pools/" + pool).then().statusCode(204);
    }

    @Test
    void readsMaskEnvValuesAndAPutOfTheMaskKeepsTheStoredValue() {
        String pool = uniquePool();
        String secrets = "\"DB_PASSWORD\": \"hunter2-secret\", \"MODE\": \"fast\"";
        api().contentType(ContentType.JSON).body(withEnv(spec(1, 2), secrets))
                .put("/pools/" + pool).then().statusCode(201).body("env.DB_PASSWORD", is("***"))
                .body("env.MODE", is("***")).body(not(containsString("hunter2")));
        assertThat(lastStored(pool).env(), is(Map.of("DB_PASSWORD", "hunter2-secret", "MODE", "fast")));
        given().get("/pools").then().statusCode(200).body(not(containsString("hunter2")))
                .body("find { it.spec.name == '" + pool + "' }.spec.env.DB_PASSWORD", is("***"));

        // GET, edit one field, PUT it back as it came: the masked values stay what they were
        String view = given().get("/pools/" + pool).then().statusCode(200).body(not(containsString("hunter2")))
                .body("spec.env.DB_PASSWORD", is("***")).extract().asString();
        String spec = EventJson.encodeToString(EventJson.decode(specOf(view), PoolSpec.class).withReplicas(1, 3));
        api().contentType(ContentType.JSON).body(spec).put("/pools/" + pool).then().statusCode(200)
                .body("maxReplicas", is(3)).body("env.DB_PASSWORD", is("***"));
        PoolSpec kept = lastStored(pool);
        assertThat(kept.maxReplicas(), is(3));
        assertThat(kept.env(), is(Map.of("DB_PASSWORD", "hunter2-secret", "MODE", "fast")));

        // a new value replaces; a key dropped is gone
        api().contentType(ContentType.JSON).body(withEnv(spec(1, 3), "\"DB_PASSWORD\": \"rotated-secret\""))
                .put("/pools/" + pool).then().statusCode(200).body("env.DB_PASSWORD", is("***"));
        assertThat(lastStored(pool).env(), is(Map.of("DB_PASSWORD", "rotated-secret")));

        // the mask for a key the pool does not have stands for nothing
        api().contentType(ContentType.JSON).body(withEnv(spec(1, 3), "\"API_KEY\": \"***\""))
                .put("/pools/" + pool).then().statusCode(400).body("errors.field", hasItem("env.API_KEY"));
        assertThat(lastStored(pool).env(), is(Map.of("DB_PASSWORD", "rotated-secret")));
        api().delete("/pools/" + pool).then().statusCode(204);
    }

    @Test
    void aRetriedPutIsIdempotent() {
        String pool = uniquePool();
        String body = withEnv(spec(2, 3), "\"TOKEN\": \"abc\"");
        String first = api().contentType(ContentType.JSON).body(body).put("/pools/" + pool).then().statusCode(201)
                .extract().asString();
        KafkaBroker.shared().records().awaitEvent(Topics.SCALE_EVENTS, ScaleDecision.class,
                d -> pool.equals(d.pool()) && d.reason().contains("pool created"), TIMEOUT);

        String again = api().contentType(ContentType.JSON).body(body).put("/pools/" + pool).then().statusCode(200)
                .extract().asString();
        assertThat("the same stored spec, timestamp included", again, is(first));
        // a GET's masked spec sent back is the same spec too
        api().contentType(ContentType.JSON).body(specOf(given().get("/pools/" + pool).asString()))
                .put("/pools/" + pool).then().statusCode(200);

        // a write would be on the topic before its PUT answered: one record means nothing was written again
        assertThat(KafkaBroker.shared().records().readAll(Topics.POOLS).stream().filter(r -> pool.equals(r.key()))
                .count(), is(1L));
        assertThat(KafkaBroker.shared().records().readAll(Topics.SCALE_EVENTS).stream()
                .filter(r -> pool.equals(r.key())).count(), is(1L));
        api().delete("/pools/" + pool).then().statusCode(204);
        api().delete("/pools/" + pool).then().statusCode(404);
    }

    @Test
    void theOpenApiDocumentDescribesThePoolsApi() {
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("paths.'/pools/{name}'.put.responses.'400'.description", containsString("Invalid"))
                .body("paths.'/pools/{name}'.put.responses.'409'.description", containsString("Conflict"))
                .body("paths.'/pools/{name}'.delete.responses.'204'", notNullValue())
                .body("paths.'/pools/{name}'.put.responses.'503'.headers.'Retry-After'", notNullValue())
                .body("paths.'/pools/{name}'.put.responses.'401'.description", containsString("WWW-Authenticate"))
                .body("paths.'/pools/{name}'.put.description", containsString("Idempotent"))
                .body("components.securitySchemes.bearer.description", containsString("AUTOSCALER_API_AUTH=off"))
                .body("components.schemas.PoolSpec", notNullValue());
    }

    @Test
    void statusOfAPoolWithoutMembershipIsEmptyButPresent() {
        String pool = uniquePool();
        api().contentType(ContentType.JSON).body(spec(2, 3)).put("/pools/" + pool).then().statusCode(201);
        given().get("/pools/" + pool).then().statusCode(200).body("status.currentReplicas", is(0))
                .body("status.lastDecision.type", anyOf(nullValue(), is("SCALE")));
        assertThat(EventJson.encodeToString(ApiError.of("f", "r")), is("{\"errors\":[{\"field\":\"f\",\"reason\":\"r\"}]}"));
        api().delete("/pools/" + pool).then().statusCode(204);
    }

    /** {@code spec} with this JSON route and, unless null, these other JSON members. */
    private static String withLoadBalancing(String spec, String route, String members) {
        return "{\"route\": " + route + (members == null ? "" : ", " + members) + "," + spec.strip().substring(1);
    }

    /** {@code spec} with an env object of these JSON members. */
    private static String withEnv(String spec, String members) {
        return "{\"env\": {" + members + "}," + spec.strip().substring(1);
    }

    /** The spec part of a GET /pools/{name} answer. */
    private static String specOf(String view) {
        try {
            return EventJson.mapper().readTree(view).path("spec").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pool's spec as the last record on the pools topic holds it. */
    private static PoolSpec lastStored(String pool) {
        List<ConsumerRecord<String, byte[]>> records = KafkaBroker.shared().records().readAll(Topics.POOLS).stream()
                .filter(r -> pool.equals(r.key())).toList();
        return EventJson.decode(records.get(records.size() - 1).value(), PoolSpec.class);
    }
}
