package io.autoscaler.events.validation;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.json.EventJson;

class PoolSpecValidatorTest {
    private static final StackRules RULES = new StackRules(
            new ImageAllowList(List.of("autoscaler/*", "registry.example.com/team/**")), 20,
            List.of("autoscaler-data", "team-data"), "autoscaler-control", false);
    private static final PoolSpecValidator VALIDATOR = new PoolSpecValidator(RULES);

    private static final String VALID = """
            {"name": "web", "image": "autoscaler/demo-app:1.0", "port": 8080, "minReplicas": 1, "maxReplicas": 8,
             "policy": {"type": "target-tracking", "metrics": [{"name": "cpu", "target": 50}]}}
            """;

    @Test
    void aValidSpecHasNoViolations() {
        assertThat(VALIDATOR.validate(EventJson.decode(VALID, PoolSpec.class)), is(empty()));
    }

    static Stream<Arguments> validPolicies() {
        return Stream.of(
                Arguments.of("steps without gaps", "{\"type\": \"step\", \"steps\": [{\"metric\": \"cpu\", \"from\": 80, "
                        + "\"change\": 2}, {\"metric\": \"cpu\", \"from\": 20, \"to\": 80, \"change\": 1}, "
                        + "{\"metric\": \"cpu\", \"to\": 20, \"change\": -1}]}"),
                Arguments.of("a gap allowed", "{\"type\": \"step\", \"allowGaps\": true, \"steps\": [{\"metric\": \"cpu\", "
                        + "\"from\": 80, \"change\": 2}, {\"metric\": \"cpu\", \"to\": 20, \"change\": -1}]}"),
                Arguments.of("bands of different metrics may overlap", "{\"type\": \"step\", \"allowGaps\": true, "
                        + "\"steps\": [{\"metric\": \"cpu\", \"from\": 80, \"change\": 2}, "
                        + "{\"metric\": \"queue\", \"from\": 5, \"change\": 1}]}"),
                Arguments.of("percent with a minimum magnitude", "{\"type\": \"step\", \"adjustmentType\": "
                        + "\"PercentChangeInCapacity\", \"minAdjustmentMagnitude\": 2, \"steps\": [{\"metric\": \"cpu\", "
                        + "\"from\": 80, \"change\": 20}]}"),
                Arguments.of("exact capacity 0", "{\"type\": \"step\", \"adjustmentType\": \"ExactCapacity\", "
                        + "\"steps\": [{\"metric\": \"cpu\", \"to\": 5, \"change\": 0}]}"),
                Arguments.of("HPA's shape", "{\"scaleUp\": {\"stabilizationMs\": 0, \"selectPolicy\": \"Min\", "
                        + "\"tolerance\": 0.05, \"policies\": [{\"type\": \"Pods\", \"value\": 4, \"periodMs\": 15000}, "
                        + "{\"type\": \"Percent\", \"value\": 100, \"periodMs\": 15000}]}}"),
                Arguments.of("scaling disabled without policies", "{\"scaleDown\": {\"selectPolicy\": \"Disabled\", "
                        + "\"policies\": []}}"),
                Arguments.of("the earlier shape", "{\"scaleDown\": {\"maxStepInstances\": 2, \"maxStepPercent\": 50, "
                        + "\"cooldownMs\": 15000}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPolicies")
    void aValidPolicyHasNoViolations(String name, String policy) {
        assertThat(VALIDATOR.validate(spec(with("policy", policy))), is(empty()));
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                broken("name missing", "{\"image\": \"autoscaler/x\"}", "name"),
                broken("name with capitals", "{\"name\": \"Web\", \"image\": \"autoscaler/x\"}", "name"),
                broken("name with underscore", "{\"name\": \"we_b\", \"image\": \"autoscaler/x\"}", "name"),
                broken("name too long", "{\"name\": \"" + "a".repeat(64) + "\", \"image\": \"autoscaler/x\"}", "name"),
                broken("name ending with dash", "{\"name\": \"web-\", \"image\": \"autoscaler/x\"}", "name"),
                broken("image missing", "{\"name\": \"web\"}", "image"),
                broken("image not a reference", "{\"name\": \"web\", \"image\": \"autoscaler/UPPER CASE\"}", "image"),
                broken("image not allowed", "{\"name\": \"web\", \"image\": \"evil/miner\"}", "image"),
                broken("image in a sub-path the single star does not cover",
                        "{\"name\": \"web\", \"image\": \"autoscaler/x/y\"}", "image"),
                broken("port zero", with("port", "0"), "port"),
                broken("port too high", with("port", "65536"), "port"),
                broken("min negative", with("minReplicas", "-1"), "minReplicas"),
                broken("max below min", "{\"name\": \"web\", \"image\": \"autoscaler/x\", \"minReplicas\": 3, "
                        + "\"maxReplicas\": 2}", "maxReplicas"),
                broken("max above the cap", with("maxReplicas", "21"), "maxReplicas"),
                broken("network name", with("network", "\"-bad\""), "network"),
                broken("network: the control network", with("network", "\"autoscaler-control\""), "network"),
                broken("network: the host's", with("network", "\"host\""), "network"),
                broken("network: none", with("network", "\"none\""), "network"),
                broken("network: Docker's bridge", with("network", "\"bridge\""), "network"),
                broken("network: default", with("network", "\"default\""), "network"),
                broken("network: another container's", with("network", "\"container:kafka\""), "network"),
                broken("network not the stack's", with("network", "\"someone-elses\""), "network"),
                broken("backend name", with("haproxyBackend", "\"has space\""), "haproxyBackend"),
                broken("backend name with a command", with("haproxyBackend", "\"web;show\""), "haproxyBackend"),
                broken("env name", with("env", "{\"1BAD\": \"x\"}"), "env.1BAD"),
                broken("env value too long", with("env", "{\"A\": \"" + "x".repeat(4097) + "\"}"), "env.A"),
                broken("health path", with("healthCheck", "{\"path\": \"health\"}"), "healthCheck.path"),
                broken("health path with a space", with("healthCheck", "{\"path\": \"/health check\"}"),
                        "healthCheck.path"),
                broken("health path with CR LF", with("healthCheck", "{\"path\": \"/h\\r\\nHost: x\"}"),
                        "healthCheck.path"),
                broken("health path with ';'", with("healthCheck", "{\"path\": \"/h;reboot\"}"), "healthCheck.path"),
                broken("health path with a quote", with("healthCheck", "{\"path\": \"/h'x\"}"), "healthCheck.path"),
                broken("health path with '#'", with("healthCheck", "{\"path\": \"/h#x\"}"), "healthCheck.path"),
                broken("health path too long", with("healthCheck", "{\"path\": \"/" + "a".repeat(300) + "\"}"),
                        "healthCheck.path"),
                broken("health interval", with("healthCheck", "{\"intervalMs\": 10}"), "healthCheck.intervalMs"),
                broken("health rise", with("healthCheck", "{\"rise\": 0}"), "healthCheck.rise"),
                broken("health fall", with("healthCheck", "{\"fall\": 0}"), "healthCheck.fall"),
                broken("grace negative", with("healthCheck", "{\"graceMs\": -1}"), "healthCheck.graceMs"),
                broken("replace negative", with("healthCheck", "{\"replaceAfterMs\": -5}"), "healthCheck.replaceAfterMs"),
                broken("policy type", with("policy", "{\"type\": \"magic\"}"), "policy.type"),
                broken("no metrics", with("policy", "{\"metrics\": []}"), "policy.metrics"),
                broken("unknown metric", with("policy", "{\"metrics\": [{\"name\": \"disk\", \"target\": 5}]}"),
                        "policy.metrics[0].name"),
                broken("zero target", with("policy", "{\"metrics\": [{\"name\": \"cpu\", \"target\": 0}]}"),
                        "policy.metrics[0].target"),
                broken("negative target", with("policy", "{\"metrics\": [{\"name\": \"cpu\", \"target\": -3}]}"),
                        "policy.metrics[0].target"),
                broken("missing target", with("policy", "{\"metrics\": [{\"name\": \"queue\"}]}"),
                        "policy.metrics[0].target"),
                broken("no steps", with("policy", "{\"type\": \"step\"}"), "policy.steps"),
                broken("step without bounds", with("policy", "{\"type\": \"step\", \"steps\": "
                        + "[{\"metric\": \"cpu\", \"change\": 1}]}"), "policy.steps[0]"),
                broken("step upside down", with("policy", "{\"type\": \"step\", \"steps\": "
                        + "[{\"metric\": \"cpu\", \"from\": 80, \"to\": 20, \"change\": 1}]}"), "policy.steps[0].to"),
                broken("step without change", with("policy", "{\"type\": \"step\", \"steps\": "
                        + "[{\"metric\": \"cpu\", \"from\": 80, \"change\": 0}]}"), "policy.steps[0].change"),
                broken("step unknown metric", with("policy", "{\"type\": \"step\", \"steps\": "
                        + "[{\"metric\": \"mood\", \"from\": 80, \"change\": 1}]}"), "policy.steps[0].metric"),
                broken("tolerance", with("policy", "{\"tolerance\": 1.5}"), "policy.tolerance"),
                broken("direction tolerance", with("policy", "{\"scaleDown\": {\"tolerance\": -0.1}}"),
                        "policy.scaleDown.tolerance"),
                broken("select policy", with("policy", "{\"scaleUp\": {\"selectPolicy\": \"Largest\"}}"),
                        "policy.scaleUp.selectPolicy"),
                broken("no policies", with("policy", "{\"scaleUp\": {\"policies\": []}}"), "policy.scaleUp.policies"),
                broken("policy type", with("policy", "{\"scaleUp\": {\"policies\": [{\"type\": \"Instances\", "
                        + "\"value\": 1, \"periodMs\": 1000}]}}"), "policy.scaleUp.policies[0].type"),
                broken("policy value 0", with("policy", "{\"scaleDown\": {\"policies\": [{\"type\": \"Pods\", "
                        + "\"value\": 0, \"periodMs\": 1000}]}}"), "policy.scaleDown.policies[0].value"),
                broken("policy without period", with("policy", "{\"scaleDown\": {\"policies\": [{\"type\": \"Pods\", "
                        + "\"value\": 1}]}}"), "policy.scaleDown.policies[0].periodMs"),
                broken("policy period over HPA's 30 min", with("policy", "{\"scaleUp\": {\"policies\": [{\"type\": "
                        + "\"Percent\", \"value\": 10, \"periodMs\": 1800001}]}}"), "policy.scaleUp.policies[0].periodMs"),
                broken("policies and the earlier shape together", with("policy", "{\"scaleUp\": {\"maxStepInstances\": 2, "
                        + "\"policies\": [{\"type\": \"Pods\", \"value\": 1, \"periodMs\": 1000}]}}"),
                        "policy.scaleUp.maxStepInstances"),
                broken("adjustment type", with("policy", "{\"type\": \"step\", \"adjustmentType\": \"Double\", "
                        + "\"steps\": [{\"metric\": \"cpu\", \"from\": 80, \"change\": 1}]}"), "policy.adjustmentType"),
                broken("minimum magnitude without percent", with("policy", "{\"type\": \"step\", "
                        + "\"minAdjustmentMagnitude\": 2, \"steps\": [{\"metric\": \"cpu\", \"from\": 80, \"change\": 1}]}"),
                        "policy.minAdjustmentMagnitude"),
                broken("negative exact capacity", with("policy", "{\"type\": \"step\", \"adjustmentType\": "
                        + "\"ExactCapacity\", \"steps\": [{\"metric\": \"cpu\", \"from\": 80, \"change\": -1}]}"),
                        "policy.steps[0].change"),
                broken("percent below -100", with("policy", "{\"type\": \"step\", \"adjustmentType\": "
                        + "\"PercentChangeInCapacity\", \"steps\": [{\"metric\": \"cpu\", \"to\": 20, \"change\": -150}]}"),
                        "policy.steps[0].change"),
                broken("overlapping bands", with("policy", "{\"type\": \"step\", \"steps\": [{\"metric\": \"cpu\", "
                        + "\"from\": 60, \"change\": 2}, {\"metric\": \"cpu\", \"from\": 50, \"to\": 70, \"change\": 1}]}"),
                        "policy.steps[0]"),
                broken("a gap between bands", with("policy", "{\"type\": \"step\", \"steps\": [{\"metric\": \"cpu\", "
                        + "\"from\": 80, \"change\": 2}, {\"metric\": \"cpu\", \"to\": 20, \"change\": -1}]}"),
                        "policy.steps[0]"),
                broken("scale-up step", with("policy", "{\"scaleUp\": {\"maxStepInstances\": 0}}"),
                        "policy.scaleUp.maxStepInstances"),
                broken("scale-down percent", with("policy", "{\"scaleDown\": {\"maxStepPercent\": 0}}"),
                        "policy.scaleDown.maxStepPercent"),
                broken("cooldown negative", with("policy", "{\"scaleDown\": {\"cooldownMs\": -1}}"),
                        "policy.scaleDown.cooldownMs"),
                broken("stabilization negative", with("policy", "{\"scaleUp\": {\"stabilizationMs\": -1}}"),
                        "policy.scaleUp.stabilizationMs"),
                broken("warmup negative", with("policy", "{\"warmupMs\": -1}"), "policy.warmupMs"),
                broken("drain negative", with("drain", "{\"timeoutMs\": -1}"), "drain.timeoutMs"),
                broken("cpus negative", with("resources", "{\"cpus\": -1}"), "resources.cpus"),
                broken("cpus unlimited", with("resources", "{\"cpus\": 0}"), "resources.cpus"),
                broken("memory unlimited", with("resources", "{\"memoryMb\": 0}"), "resources.memoryMb"),
                broken("memory too small", with("resources", "{\"memoryMb\": 2}"), "resources.memoryMb"),
                broken("health query with a bad escape", health("/h?x=%zz"), "healthCheck.path"),
                broken("health path with a bad escape", health("/h%2"), "healthCheck.path"),
                broken("health query with a space", health("/h?x= y"), "healthCheck.path"),
                broken("health query with '#'", health("/h?x#y"), "healthCheck.path"),
                broken("health query with a line break", health("/h?x\n    server evil 127.0.0.1:1"), "healthCheck.path"),
                broken("health path with '$'", health("/h${HOME}"), "healthCheck.path"),
                broken("health query too long", health("/h?" + "a".repeat(201)), "healthCheck.path"),
                broken("balance static-rr", text("balance", "static-rr"), "balance"),
                broken("balance url_param", text("balance", "url_param userid"), "balance"),
                broken("balance rdp-cookie", text("balance", "rdp-cookie(mstshash)"), "balance"),
                broken("balance with map-based hashing", text("balance", "source map-based"), "balance"),
                broken("balance random", text("balance", "random"), "balance"),
                broken("balance in capitals", text("balance", "LEASTCONN"), "balance"),
                broken("balance empty", text("balance", ""), "balance"),
                broken("balance hdr without a name", text("balance", "hdr()"), "balance"),
                broken("balance hdr name with '_'", text("balance", "hdr(x_user)"), "balance"),
                broken("balance hdr name too long", text("balance", "hdr(" + "a".repeat(65) + ")"), "balance"),
                broken("balance hdr with a condition", text("balance", "hdr(x) if TRUE"), "balance"),
                broken("balance with a line break", text("balance", "roundrobin\n    server evil 127.0.0.1:1"), "balance"),
                broken("balance with a comment", text("balance", "first #"), "balance"),
                broken("stickiness unknown", text("stickiness", "sticky"), "stickiness"),
                broken("stickiness with cookie options", text("stickiness", "cookie SRV insert"), "stickiness"),
                broken("stickiness in capitals", text("stickiness", "OFF"), "stickiness"),
                broken("maxConnPerInstance negative", with("maxConnPerInstance", "-1"), "maxConnPerInstance"),
                broken("maxConnPerInstance too high", with("maxConnPerInstance", "100001"), "maxConnPerInstance"),
                broken("slowStartMs negative", with("slowStartMs", "-1"), "slowStartMs"),
                broken("slowStartMs over an hour", with("slowStartMs", "3600001"), "slowStartMs"),
                broken("host in capitals", hosts("A.example"), "route.hosts[0]"),
                broken("host with a port", hosts("a.example:8080"), "route.hosts[0]"),
                broken("host wildcard", hosts("*.example"), "route.hosts[0]"),
                broken("host with a trailing dot", hosts("a.example."), "route.hosts[0]"),
                broken("host with an empty label", hosts("a..example"), "route.hosts[0]"),
                broken("host label starting with '-'", hosts("-a.example"), "route.hosts[0]"),
                broken("host label with '_'", hosts("a_b.example"), "route.hosts[0]"),
                broken("host label of 64", hosts("a".repeat(64) + ".example"), "route.hosts[0]"),
                broken("host over 253", hosts(String.join(".", List.of("a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(63)))), "route.hosts[0]"),
                broken("host empty", hosts(""), "route.hosts[0]"),
                broken("host with '#'", hosts("a.example#"), "route.hosts[0]"),
                broken("host with a space and a word", hosts("a.example if TRUE"), "route.hosts[0]"),
                broken("host with a line break", hosts("a.example\n    use_backend evil"), "route.hosts[0]"),
                broken("host twice", hosts("a.example", "a.example"), "route.hosts[1]"),
                broken("hosts over 16", hosts(numbered("h%d.example", 17)), "route.hosts"),
                broken("path without '/'", paths("api"), "route.paths[0]"),
                broken("path empty", paths(""), "route.paths[0]"),
                broken("path over 200", paths("/" + "a".repeat(200)), "route.paths[0]"),
                broken("path with a space", paths("/a b"), "route.paths[0]"),
                broken("path with '#'", paths("/a#b"), "route.paths[0]"),
                broken("path with a double quote", paths("/a\"b"), "route.paths[0]"),
                broken("path with a single quote", paths("/a'b"), "route.paths[0]"),
                broken("path with a backslash", paths("/a\\b"), "route.paths[0]"),
                broken("path with '%' and no hex", paths("/a%zz"), "route.paths[0]"),
                broken("path ending in '%'", paths("/a%"), "route.paths[0]"),
                broken("path with a tab", paths("/a\tb"), "route.paths[0]"),
                broken("path with a NUL", paths("/a\0b"), "route.paths[0]"),
                broken("path with a line break and a server", paths("/x\n    server evil 127.0.0.1:1"), "route.paths[0]"),
                broken("path with '$'", paths("/a${HOME}"), "route.paths[0]"),
                broken("path with ';'", paths("/a;b"), "route.paths[0]"),
                broken("path with a query", paths("/a?b=1"), "route.paths[0]"),
                broken("path with braces", paths("/a{b}"), "route.paths[0]"),
                broken("path not ASCII", paths("/caf\u00e9"), "route.paths[0]"),
                broken("path twice", paths("/a", "/b", "/a"), "route.paths[2]"),
                broken("paths over 16", paths(numbered("/p%d", 17)), "route.paths"),
                broken("constraint of a field Swarm has not", constraints("node.zone==a"), "placement.constraints[0]"),
                broken("constraint without an operator", constraints("node.labels.zone"), "placement.constraints[0]"),
                broken("constraint with '='", constraints("node.labels.zone=a"), "placement.constraints[0]"),
                broken("constraint without a value", constraints("node.role=="), "placement.constraints[0]"),
                broken("constraint with a space in its value", constraints("node.labels.zone==a b"), "placement.constraints[0]"),
                broken("constraint with a line break", constraints("node.role==worker\nnode.role==manager"), "placement.constraints[0]"),
                broken("constraint with a quote", constraints("node.labels.zone==\"a\""), "placement.constraints[0]"),
                broken("constraint not ASCII", constraints("node.labels.zone==\u00e9"), "placement.constraints[0]"),
                broken("constraint twice", constraints("node.role==worker", "node.role==worker"), "placement.constraints[1]"),
                broken("constraints over 16", constraints(numbered("node.labels.l%d==a", 17)), "placement.constraints"),
                broken("preference other than spread", preferences("pack=node.labels.zone"), "placement.preferences[0]"),
                broken("spread over a node field, not a label", preferences("spread=node.hostname"), "placement.preferences[0]"),
                broken("spread over an empty label", preferences("spread=node.labels."), "placement.preferences[0]"),
                broken("preferences over 4", preferences(numbered("spread=node.labels.l%d", 5)), "placement.preferences"),
                broken("schedule action without a name", action("\"cron\": \"0 9 * * *\", \"minReplicas\": 2"),
                        "schedule[0].name"),
                broken("schedule action name in capitals", action("NIGHT", "0 9 * * *", "\"minReplicas\": 2"),
                        "schedule[0].name"),
                broken("schedule action name twice", with("schedule", "[" + rawAction("a", "0 9 * * *", "\"minReplicas\": 2")
                        + ", " + rawAction("a", "0 17 * * *", "\"minReplicas\": 1") + "]"), "schedule[1].name"),
                broken("schedule cron missing", action("\"name\": \"a\", \"minReplicas\": 2"), "schedule[0].cron"),
                broken("schedule cron of six fields", action("a", "0 0 9 * * *", "\"minReplicas\": 2"),
                        "schedule[0].cron"),
                broken("schedule cron minute 60", action("a", "60 9 * * *", "\"minReplicas\": 2"), "schedule[0].cron"),
                broken("schedule cron of words", action("a", "every morning", "\"minReplicas\": 2"),
                        "schedule[0].cron"),
                broken("schedule cron that never fires", action("a", "0 9 30 2 *", "\"minReplicas\": 2"),
                        "schedule[0].cron"),
                broken("schedule time zone unknown", action("a", "0 9 * * *", "\"timeZone\": \"Mars/Olympus\", "
                        + "\"minReplicas\": 2"), "schedule[0].timeZone"),
                broken("schedule time zone as an abbreviation", action("a", "0 9 * * *", "\"timeZone\": \"CEST\", "
                        + "\"minReplicas\": 2"), "schedule[0].timeZone"),
                broken("schedule action setting nothing", action("a", "0 9 * * *", "\"timeZone\": \"UTC\""),
                        "schedule[0]"),
                broken("schedule min negative", action("a", "0 9 * * *", "\"minReplicas\": -1"),
                        "schedule[0].minReplicas"),
                broken("schedule max above the cap", action("a", "0 9 * * *", "\"maxReplicas\": 21"),
                        "schedule[0].maxReplicas"),
                broken("schedule max below its min", action("a", "0 9 * * *", "\"minReplicas\": 4, \"maxReplicas\": 3"),
                        "schedule[0].maxReplicas"),
                broken("schedule desired above its max", action("a", "0 9 * * *", "\"maxReplicas\": 4, "
                        + "\"desiredReplicas\": 5"), "schedule[0].desiredReplicas"),
                broken("schedule desired below its min", action("a", "0 9 * * *", "\"minReplicas\": 4, "
                        + "\"desiredReplicas\": 3"), "schedule[0].desiredReplicas"),
                broken("schedule desired above the cap", action("a", "0 9 * * *", "\"desiredReplicas\": 21"),
                        "schedule[0].desiredReplicas"),
                broken("schedule over 50 actions", with("schedule", "[" + String.join(", ", IntStream.range(0, 51)
                        .mapToObj(i -> rawAction("a" + i, "0 9 * * *", "\"minReplicas\": 2")).toList()) + "]"),
                        "schedule"));
    }

    @Test
    void aValidScheduleHasNoViolations() {
        PoolSpec spec = spec(with("schedule", "[" + rawAction("business-hours", "0 9 * * MON-FRI",
                "\"timeZone\": \"Europe/Berlin\", \"minReplicas\": 4, \"desiredReplicas\": 6") + ", "
                + rawAction("evening", "30 17 * * 1-5", "\"minReplicas\": 1, \"maxReplicas\": 8") + "]"));

        assertThat(VALIDATOR.validate(spec), is(empty()));
        assertThat(spec.schedule().get(1).timeZone(), is("UTC"));
    }

    private static String action(String body) {
        return with("schedule", "[{" + body + "}]");
    }

    private static String action(String name, String cron, String rest) {
        return with("schedule", "[" + rawAction(name, cron, rest) + "]");
    }

    private static String rawAction(String name, String cron, String rest) {
        return "{\"name\": \"" + name + "\", \"cron\": \"" + cron + "\", " + rest + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void everyRuleRejectsABadSpecNamingTheField(String rule, String json, String field) {
        List<Violation> violations = VALIDATOR.validate(spec(json));

        assertThat(fields(violations), contains(field));
        assertThat(violations.get(0).reason().isBlank(), is(false));
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        PoolSpec spec = spec("{\"name\": \"Bad Name\", \"image\": \"evil/x\", \"port\": 0, \"maxReplicas\": 99}");

        assertThat(fields(VALIDATOR.validate(spec)), containsInAnyOrder("name", "image", "port", "maxReplicas"));
    }

    @Test
    void reasonsSayWhatWouldBeRight() {
        PoolSpec spec = spec(with("maxReplicas", "21"));

        List<Violation> violations = VALIDATOR.validate(spec);
        assertThat(violations, hasSize(1));
        assertThat(violations.get(0).reason(), containsString("20"));
    }

    @Test
    void noSpecAtAllIsAViolationNotACrash() {
        assertThat(VALIDATOR.validate(null), is(not(empty())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedValues")
    void acceptedValues(String what, String json) {
        assertThat(VALIDATOR.validate(spec(json)), is(empty()));
    }

    static Stream<Arguments> acceptedValues() {
        return Stream.of(
                Arguments.of("a second pool network", with("network", "\"team-data\"")),
                Arguments.of("constraints on a label, role and platform", constraints("node.labels.zone==a",
                        "node.role!=manager", "node.platform.arch==x86_64", "engine.labels.disk == ssd")),
                Arguments.of("spread over zones then racks", preferences("spread=node.labels.zone", "spread=node.labels.rack")),
                Arguments.of("no placement at all", with("placement", "{}")),
                Arguments.of("a health path with a query", with("healthCheck", "{\"path\": \"/status/live?full=1&x=%20\"}")),
                Arguments.of("a health path of '/'", with("healthCheck", "{\"path\": \"/\"}")),
                Arguments.of("a backend name with dots", with("haproxyBackend", "\"web.v2_b-1\"")),
                Arguments.of("a health path of every safe character", health("/a-z.A_Z~0/9!&()*+,=:@%2F?q=(1)&r=%7e")),
                Arguments.of("balance roundrobin", text("balance", "roundrobin")),
                Arguments.of("balance leastconn", text("balance", "leastconn")),
                Arguments.of("balance first", text("balance", "first")),
                Arguments.of("balance source", text("balance", "source")),
                Arguments.of("balance uri", text("balance", "uri")),
                Arguments.of("balance by a header", text("balance", "hdr(X-User-Id)")),
                Arguments.of("balance by a header of 64", text("balance", "hdr(" + "h".repeat(64) + ")")),
                Arguments.of("stickiness off", text("stickiness", "off")),
                Arguments.of("stickiness source", text("stickiness", "source")),
                Arguments.of("stickiness cookie", text("stickiness", "cookie")),
                Arguments.of("maxConnPerInstance at its bounds", with("maxConnPerInstance", "100000")),
                Arguments.of("slowStartMs of an hour", with("slowStartMs", "3600000")),
                Arguments.of("the default route", with("route", "{\"default\": true}")),
                Arguments.of("16 hosts", hosts(numbered("h%d.example", 16))),
                Arguments.of("a one-label host", hosts("localhost")),
                Arguments.of("a host of 253", hosts(String.join(".", List.of("a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61))))),
                Arguments.of("a host with digits and dashes", hosts("api-2.eu-west.example")),
                Arguments.of("16 paths", paths(numbered("/p%d", 16))),
                Arguments.of("the root path", paths("/")),
                Arguments.of("a path of 200", paths("/" + "a".repeat(199))),
                Arguments.of("a path of every safe character", paths("/a-z.A_Z~0/9!&()*+,=:@%2F")),
                Arguments.of("hosts and paths", with("route", "{\"hosts\": [\"a.example\"], \"paths\": [\"/api\"]}")));
    }

    @Test
    void aBalanceHaproxyCannotFillAtRuntimeSaysSo() {
        List<Violation> violations = VALIDATOR.validate(spec(text("balance", "static-rr")));

        assertThat(violations.get(0).reason(), containsString("cannot add servers at runtime"));
        assertThat(violations.get(0).reason(), containsString("leastconn"));
    }

    @Test
    void reasonsNameTheBadCharacterAndAHostsLowerCase() {
        assertThat(VALIDATOR.validate(spec(paths("/x\n    server evil 127.0.0.1:1"))).get(0).reason(),
                containsString("U+000A (at 2)"));
        assertThat(VALIDATOR.validate(spec(health("/health check"))).get(0).reason(), containsString("a space (at 7)"));
        assertThat(VALIDATOR.validate(spec(hosts("Shop.Example"))).get(0).reason(), containsString("'shop.example'"));
    }

    @Test
    void unlimitedResourcesWhenTheStackAllowsThem() {
        PoolSpecValidator lenient = new PoolSpecValidator(RULES.allowingUnlimitedResources());

        assertThat(lenient.validate(spec(with("resources", "{\"cpus\": 0, \"memoryMb\": 0}"))), is(empty()));
    }

    @Test
    void theDefaultNetworkIsTheDefaultStacksPoolNetwork() {
        assertThat(new PoolSpecValidator(StackRules.DEFAULT).validate(PoolSpec.of("web", "autoscaler/x")), is(empty()));
    }

    @Test
    void aSpecReadUnderAnotherKeyIsRefused() {
        List<Violation> violations = VALIDATOR.validate("x", PoolSpec.of("y", "autoscaler/x"));

        assertThat(fields(violations), contains("name"));
        assertThat(violations.get(0).reason(), containsString("'x'"));
    }

    @Test
    void zeroReplicasIsAllowed() {
        assertThat(VALIDATOR.validate(PoolSpec.of("web", "autoscaler/x").withReplicas(0, 0)), is(empty()));
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    private static Arguments broken(String rule, String json, String field) {
        return Arguments.of(rule, json, field);
    }

    /** A valid minimal spec with one field set to a raw JSON value. */
    private static String with(String field, String rawValue) {
        return "{\"name\": \"web\", \"image\": \"autoscaler/x\", \"" + field + "\": " + rawValue + "}";
    }

    /** A valid minimal spec with a string field set to {@code value}, JSON-escaped. */
    private static String text(String field, String value) {
        return with(field, EventJson.encodeToString(value));
    }

    private static String health(String path) {
        return with("healthCheck", "{\"path\": " + EventJson.encodeToString(path) + "}");
    }

    private static String hosts(String... hosts) {
        return with("route", "{\"hosts\": " + EventJson.encodeToString(List.of(hosts)) + "}");
    }

    private static String constraints(String... constraints) {
        return with("placement", "{\"constraints\": " + EventJson.encodeToString(List.of(constraints)) + "}");
    }

    private static String preferences(String... preferences) {
        return with("placement", "{\"preferences\": " + EventJson.encodeToString(List.of(preferences)) + "}");
    }

    private static String paths(String... paths) {
        return with("route", "{\"paths\": " + EventJson.encodeToString(List.of(paths)) + "}");
    }

    /** {@code count} values of {@code format} with 1, 2, ... */
    private static String[] numbered(String format, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> String.format(format, i)).toArray(String[]::new);
    }

    private static PoolSpec spec(String json) {
        return EventJson.decode(json, PoolSpec.class);
    }

}
