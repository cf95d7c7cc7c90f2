package io.autoscaler.decisionengine.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The bearer token writes need when AUTOSCALER_API_TOKEN is set; without one, writes are open. */
@ApplicationScoped
public class ApiToken {
    private static final String BEARER = "Bearer ";

    @ConfigProperty(name = "autoscaler.api.token")
    Optional<String> token;

    public boolean permits(String authorization) {
        Optional<String> expected = token.map(String::trim).filter(t -> !t.isEmpty());
        if (expected.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return false;
        }
        // constant time, so the answer's timing does not leak how much of a guess was right
        return MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8),
                authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8));
    }
}
