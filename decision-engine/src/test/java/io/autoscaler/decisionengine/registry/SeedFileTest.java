package io.autoscaler.decisionengine.registry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.validation.PoolSpecValidator;
import io.autoscaler.events.validation.StackRules;

/** The stack's own seed file, read as the seeder reads it: every pool valid, the demo pool routed by default. */
class SeedFileTest {
    private static final Path STACK_SEED = Path.of("..", "infra", "pools.yaml");

    @Test
    void theStacksSeedFileIsValidAndTheDemoPoolTakesWhatNoRouteMatches() throws IOException {
        JsonNode entries = PoolSeeder.entries(Files.readString(STACK_SEED));
        PoolSpecValidator validator = new PoolSpecValidator(StackRules.DEFAULT);

        assertThat(entries.size() > 0, is(true));
        for (JsonNode entry : entries) {
            assertThat(validator.validate(PoolSeeder.spec(entry)), is(empty()));
        }
        PoolSpec demo = PoolSeeder.spec(entries.get(0));
        assertThat(demo.name(), is("demo"));
        assertThat(demo.route(), is(new PoolSpec.Route(List.of(), List.of(), true)));
        assertThat(demo.balance(), is("leastconn"));
    }
}
