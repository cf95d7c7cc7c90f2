package io.autoscaler.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.autoscaler.events.kafka.KafkaAccess;
import io.autoscaler.events.kafka.KafkaBootstrap;
import io.autoscaler.events.kafka.KafkaSecurity;

/**
 * Makes the stack's broker ready, as the admin: a SCRAM user per principal with the password of its
 * {@code <principal>.env} in the secrets directory, the ACLs of {@link KafkaAccess}, every topic.
 * Idempotent; {@code infra/stack up} runs it once Kafka is healthy and before the services start.
 * Passwords are read from the files, never from the command line, and never printed.
 * <pre>java io.autoscaler.tools.Bootstrap [--bootstrap 127.0.0.1:9094] [--secrets infra/.secrets]</pre>
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args,
                Map.of("bootstrap", "127.0.0.1:9094", "secrets", "infra/.secrets"));
        Path secrets = Path.of(options.get("secrets"));
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String principal : KafkaAccess.principals()) {
            passwords.put(principal, password(secrets, principal));
        }
        KafkaSecurity admin = KafkaSecurity.admin(password(secrets, KafkaAccess.ADMIN));
        KafkaBootstrap.run(admin.clientConfig(options.get("bootstrap")), passwords, Duration.ofSeconds(60));
        System.out.println("Kafka: users " + String.join(", ", passwords.keySet()) + ", their ACLs and every topic are in place.");
    }

    /** The {@code AUTOSCALER_KAFKA_PASSWORD} line of {@code <principal>.env}. */
    static String password(Path secrets, String principal) throws IOException {
        Path file = secrets.resolve(principal + ".env");
        return Files.readAllLines(file).stream()
                .filter(l -> l.startsWith(KafkaSecurity.PASSWORD_ENV + "="))
                .map(l -> l.substring(KafkaSecurity.PASSWORD_ENV.length() + 1)).findFirst()
                .orElseThrow(() -> new IllegalStateException(file + " has no " + KafkaSecurity.PASSWORD_ENV));
    }
}
