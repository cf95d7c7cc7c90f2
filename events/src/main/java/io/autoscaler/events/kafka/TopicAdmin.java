package io.autoscaler.events.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import io.autoscaler.events.Topics;

/**
 * The topics of {@link Topics#ALL}: created with their policies by the admin bootstrap (idempotent: a
 * topic that exists counts as created), and checked by the services, which have no right to create.
 */
public final class TopicAdmin {
    private TopicAdmin() {
    }

    /** Creates the missing topics; needs Create on the cluster (the admin). @return the topics created */
    public static List<String> ensureTopics(Map<String, Object> clientConfig, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        try (Admin admin = Admin.create(adminConfig(clientConfig, timeout))) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Topic topic : Topics.ALL) {
                if (!existing.contains(topic.name())) {
                    missing.add(new NewTopic(topic.name(), topic.partitions(), (short) -1).configs(topic.configs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return created;
        }
    }

    /**
     * The topics this client may use that do not exist yet. A topic it has no right to see is not its
     * concern (the broker answers "not authorized" whether it exists or not).
     */
    public static List<String> missingTopics(Admin admin, Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
        List<String> missing = new ArrayList<>();
        var results = admin.describeTopics(Topics.ALL.stream().map(Topics.Topic::name).toList()).topicNameValues();
        for (Map.Entry<String, KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>> r : results.entrySet()) {
            try {
                r.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(r.getKey());
                } else if (!(e.getCause() instanceof TopicAuthorizationException)) {
                    throw e;
                }
            }
        }
        return missing;
    }

    /** An admin client's settings from a service's client settings, its calls bounded by {@code timeout}. */
    public static Map<String, Object> adminConfig(Map<String, Object> clientConfig, Duration timeout) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        // settings only consumers or producers know (group.id, serializers...) would only be logged as unknown
        props.keySet().retainAll(AdminClientConfig.configNames());
        return props;
    }
}
