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

    @Test
    void aValidStepPolicyHasNoViolations() {
        PoolSpec spec = spec("""
                {"name": "web", "image": "autoscaler/demo-app", "policy": {"type": "step", "steps": [
                  {"metric": "cpu", "from": 80, "change": 2}, {"metric": "cpu", "to": 20, "change": -1}]}}
                """);

        assertThat(VALIDATOR.validate(spec), is(empty()));
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
                broken("memory too small", with("resources", "{\"memoryMb\": 2}"), "resources.memoryMb"));
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
                Arguments.of("a health path with a query", with("healthCheck", "{\"path\": \"/status/live?full=1&x=%20\"}")),
                Arguments.of("a health path of '/'", with("healthCheck", "{\"path\": \"/\"}")),
                Arguments.of("a backend name with dots", with("haproxyBackend", "\"web.v2_b-1\"")));
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

    private static PoolSpec spec(String json) {
        return EventJson.decode(json, PoolSpec.class);
    }

}
