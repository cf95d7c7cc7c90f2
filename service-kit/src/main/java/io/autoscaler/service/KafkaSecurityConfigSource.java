package io.autoscaler.service;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.autoscaler.events.kafka.KafkaSecurity;

/**
 * Gives every Kafka client of a service (each channel, its dead-letter producer, the Kafka health check
 * and the hand-made consumers, which all read {@code kafka.*}) the security settings derived by
 * {@link KafkaSecurity} from {@code KAFKA_SECURITY_PROTOCOL}, {@code AUTOSCALER_KAFKA_USER} and
 * {@code AUTOSCALER_KAFKA_PASSWORD}. Contributes nothing when none of them is set (tests hand their
 * settings in as config); a bad value stops the service at start, without echoing the password.
 */
public class KafkaSecurityConfigSource implements ConfigSource {
    private final Map<String, String> properties = new HashMap<>();

    public KafkaSecurityConfigSource() {
        Map<String, String> env = System.getenv();
        if (env.containsKey(KafkaSecurity.USER_ENV) || env.containsKey(KafkaSecurity.PROTOCOL_ENV)) {
            KafkaSecurity.fromEnvironment(env).clientProperties().forEach((k, v) -> properties.put("kafka." + k, v));
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "autoscaler-kafka-security";
    }

    /** Above application.properties (250), below the environment (300) and test resources. */
    @Override
    public int getOrdinal() {
        return 290;
    }
}
