package io.autoscaler.metricscollector;

import io.autoscaler.testing.KafkaTestResource;
import io.autoscaler.testing.ServiceContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ServiceContractTest extends ServiceContract {
}
