package io.autoscaler.events.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How one Kafka client authenticates: the one place every client of the project (the services' channels,
 * their hand-made consumers, the tools, the tests) gets its security settings from. The JAAS line is
 * built only from a checked user name and password, so no setting can smuggle options into it.
 */
public record KafkaSecurity(Protocol protocol, Mechanism mechanism, String user, String password) {
    public static final String PROTOCOL_ENV = "KAFKA_SECURITY_PROTOCOL";
    public static final String USER_ENV = "AUTOSCALER_KAFKA_USER";
    public static final String PASSWORD_ENV = "AUTOSCALER_KAFKA_PASSWORD";

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9._~-]{16,128}");

    /** PLAINTEXT only for tests and the benchmark's security-off run; the stack always runs SASL. */
    public enum Protocol {
        PLAINTEXT, SASL_PLAINTEXT, SASL_SSL
    }

    /** SCRAM for every service principal; PLAIN only for the admin, on the broker's loopback-published listener. */
    public enum Mechanism {
        SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule"),
        PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

        public final String kafkaName;
        final String loginModule;

        Mechanism(String kafkaName, String loginModule) {
            this.kafkaName = kafkaName;
            this.loginModule = loginModule;
        }
    }

    public KafkaSecurity {
        if (protocol == null) {
            throw new IllegalArgumentException("no Kafka security protocol");
        }
        if (protocol != Protocol.PLAINTEXT) {
            if (mechanism == null) {
                throw new IllegalArgumentException("no SASL mechanism for " + protocol);
            }
            if (user == null || !USER.matcher(user).matches()) {
                throw new IllegalArgumentException(USER_ENV + " must match " + USER.pattern() + " for " + protocol);
            }
            // never echo the password: say what is wrong with it, not what it is
            if (password == null || !PASSWORD.matcher(password).matches()) {
                throw new IllegalArgumentException(PASSWORD_ENV + " for Kafka user " + user + " must be 16 to 128 of "
                        + "A-Z a-z 0-9 . _ ~ -");
            }
        }
    }

    public static KafkaSecurity plaintext() {
        return new KafkaSecurity(Protocol.PLAINTEXT, null, null, null);
    }

    /** A service or viewer principal: SASL/SCRAM-SHA-512 without TLS. */
    public static KafkaSecurity scram(String user, String password) {
        return new KafkaSecurity(Protocol.SASL_PLAINTEXT, Mechanism.SCRAM_SHA_512, user, password);
    }

    /** The bootstrap super user (SASL/PLAIN, a static entry of the broker's host listener). */
    public static KafkaSecurity admin(String password) {
        return new KafkaSecurity(Protocol.SASL_PLAINTEXT, Mechanism.PLAIN, KafkaAccess.ADMIN, password);
    }

    /**
     * From {@value #PROTOCOL_ENV}, {@value #USER_ENV} and {@value #PASSWORD_ENV}: SCRAM-SHA-512 over
     * SASL_PLAINTEXT when a user is given and no protocol named, PLAINTEXT when neither is.
     */
    public static KafkaSecurity fromEnvironment(Map<String, String> env) {
        String user = env.get(USER_ENV);
        String named = env.get(PROTOCOL_ENV);
        Protocol protocol;
        if (named == null || named.isBlank()) {
            protocol = user == null || user.isBlank() ? Protocol.PLAINTEXT : Protocol.SASL_PLAINTEXT;
        } else {
            try {
                protocol = Protocol.valueOf(named.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PROTOCOL_ENV + " must be PLAINTEXT, SASL_PLAINTEXT or SASL_SSL");
            }
        }
        return protocol == Protocol.PLAINTEXT ? plaintext()
                : new KafkaSecurity(protocol, Mechanism.SCRAM_SHA_512, user, env.get(PASSWORD_ENV));
    }

    public static KafkaSecurity fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** The client settings, without the {@code kafka.} prefix Quarkus puts before them. */
    public Map<String, String> clientProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", protocol.name());
        if (protocol != Protocol.PLAINTEXT) {
            props.put("sasl.mechanism", mechanism.kafkaName);
            props.put("sasl.jaas.config",
                    mechanism.loginModule + " required username=\"" + user + "\" password=\"" + password + "\";");
        }
        return props;
    }

    /** Client settings for a broker: bootstrap servers plus these security settings. */
    public Map<String, Object> clientConfig(String bootstrapServers) {
        Map<String, Object> config = new LinkedHashMap<>(clientProperties());
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** The environment a service or tool reads these settings from ({@link #fromEnvironment}). */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PROTOCOL_ENV, protocol.name());
        if (protocol != Protocol.PLAINTEXT) {
            env.put(USER_ENV, user);
            env.put(PASSWORD_ENV, password);
        }
        return env;
    }

    @Override
    public String toString() {
        return protocol == Protocol.PLAINTEXT ? "PLAINTEXT" : protocol + " " + mechanism.kafkaName + " as " + user;
    }
}
