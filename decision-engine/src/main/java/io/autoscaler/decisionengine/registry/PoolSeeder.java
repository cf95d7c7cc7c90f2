package io.autoscaler.decisionengine.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.autoscaler.decisionengine.NotStartedYet;
import io.autoscaler.events.PoolSpec;
import io.autoscaler.events.json.EventJson;
import io.autoscaler.service.PoolCatalog;
import io.quarkus.scheduler.Scheduled;

/**
 * Creates the pools of the seed file (AUTOSCALER_POOLS_SEED_FILE, a YAML {@code pools:} list) that
 * are not on {@code autoscaler.pools}, once the catalog has read the topic to its end: a pool already
 * there, perhaps changed through the API since, is never overwritten. An invalid entry is logged
 * with its violations and skipped.
 */
@ApplicationScoped
public class PoolSeeder {
    private static final Logger LOG = Logger.getLogger(PoolSeeder.class);

    @ConfigProperty(name = "autoscaler.pools.seed-file")
    Optional<String> seedFile;

    @Inject
    PoolCatalog catalog;

    @Inject
    PoolRegistry registry;

    private volatile boolean done;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotStartedYet.class)
    void seedOnceCaughtUp() {
        if (done || seedFile.filter(f -> !f.isBlank()).isEmpty() || !catalog.loaded()) {
            return;
        }
        done = seed(Path.of(seedFile.get()));
    }

    /** Seeds what is missing; false when a write failed, so that the next tick tries again. */
    boolean seed(Path file) {
        JsonNode pools;
        try {
            pools = entries(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            LOG.errorf("Cannot read the pool seed file %s: %s; no pool seeded", file, e.getMessage());
            return true;
        }
        boolean complete = true;
        int index = 0;
        for (JsonNode entry : pools) {
            complete &= seedOne(file, index++, entry);
        }
        return complete;
    }

    /** The entries of a seed file's {@code pools:} list. */
    static JsonNode entries(String yaml) throws IOException {
        return new YAMLMapper().readTree(yaml).path("pools");
    }

    /** One entry, read as the API reads a PUT's body. */
    static PoolSpec spec(JsonNode entry) throws IOException {
        return EventJson.mapper().treeToValue(entry, PoolSpec.class);
    }

    private boolean seedOne(Path file, int index, JsonNode entry) {
        String where = file + " pools[" + index + "]";
        PoolSpec spec;
        try {
            spec = spec(entry);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Skipping seed %s: %s", where, e.getMessage());
            return true;
        }
        if (spec == null || spec.name() == null || spec.name().isBlank()) {
            LOG.warnf("Skipping seed %s: it has no name", where);
            return true;
        }
        if (registry.pool(spec.name()).isPresent()) {
            LOG.infof("Pool %s is already defined; seed %s left unused", spec.name(), where);
            return true;
        }
        try {
            PoolRegistry.Written written = registry.put(spec.name(), spec);
            if (written.rejected()) {
                LOG.warnf("Skipping seed %s (pool %s)%s: %s", where, spec.name(),
                        written.conflict() ? ", its route is another pool's" : "", written.violations());
            } else {
                LOG.infof("Pool %s seeded from %s", spec.name(), where);
            }
            return true;
        } catch (RuntimeException e) {
            LOG.errorf("Cannot seed pool %s from %s: %s; retrying", spec.name(), where, e.getMessage());
            return false;
        }
    }
}
