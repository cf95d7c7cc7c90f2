package io.autoscaler.provisioner;

import java.util.List;
import java.util.Map;

import io.autoscaler.testing.PrivateSwarm;
import io.autoscaler.testing.TestImages;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A {@link PrivateSwarm} for a whole provisioner: placement {@code swarm} against its manager, the overlay
 * as the only pool network, and the instances on both nodes reachable from the test JVM for its probes.
 */
public class SwarmCluster implements QuarkusTestResourceLifecycleManager {
    static PrivateSwarm swarm;

    @Override
    public Map<String, String> start() {
        String image = TestImages.demoApp().asCanonicalNameString();
        swarm = new PrivateSwarm(List.of(image));
        try {
            swarm.reachFromHost(image);
        } catch (RuntimeException e) {
            swarm.close();
            throw e;
        }
        return Map.of("autoscaler.provisioner.placement", "swarm", "docker.host", swarm.manager().host(),
                "autoscaler.pools.networks", PrivateSwarm.DATA_NETWORK);
    }

    @Override
    public void stop() {
        if (swarm != null) {
            swarm.close();
        }
    }
}
