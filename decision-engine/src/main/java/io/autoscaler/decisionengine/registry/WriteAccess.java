package io.autoscaler.decisionengine.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may change pools, from {@code autoscaler.api.auth} (on by default) and {@code autoscaler.api.token}:
 * holders of the token; nobody while auth is on and no token is set (writes are closed, not open);
 * everybody when auth is explicitly off.
 */
public final class WriteAccess {
    public static final int MIN_TOKEN_LENGTH = 16;
    private static final String SCHEME = "bearer";

    enum Mode { TOKEN, CLOSED, OPEN }

    /** A write's fate: allowed, or refused with the reason the 401 gives. */
    public record Verdict(boolean allowed, String reason) {
        static final Verdict ALLOWED = new Verdict(true, null);
    }

    private final Mode mode;
    private final byte[] token;

    private WriteAccess(Mode mode, byte[] token) {
        this.mode = mode;
        this.token = token;
    }

    /** The access the settings describe; a setting that makes no sense fails the start with why. */
    public static WriteAccess of(String auth, Optional<String> configuredToken) {
        String token = configuredToken.map(String::trim).orElse("");
        switch (auth.trim().toLowerCase(Locale.ROOT)) {
            case "off":
                return new WriteAccess(Mode.OPEN, null);
            case "on":
                if (token.isEmpty()) {
                    return new WriteAccess(Mode.CLOSED, null);
                }
                if (token.length() < MIN_TOKEN_LENGTH) {
                    throw new IllegalArgumentException("AUTOSCALER_API_TOKEN (autoscaler.api.token) has "
                            + token.length() + " characters; at least " + MIN_TOKEN_LENGTH
                            + " are needed (e.g. openssl rand -hex 32)");
                }
                return new WriteAccess(Mode.TOKEN, token.getBytes(StandardCharsets.UTF_8));
            default:
                throw new IllegalArgumentException("AUTOSCALER_API_AUTH (autoscaler.api.auth) is '" + auth
                        + "'; it must be 'on' (the default: writes need the bearer token) or 'off'");
        }
    }

    Mode mode() {
        return mode;
    }

    /** Whether a write with this {@code Authorization} header may go ahead. */
    public Verdict check(String authorization) {
        return switch (mode) {
            case OPEN -> Verdict.ALLOWED;
            case CLOSED -> new Verdict(false, "writes are refused: no API token is configured. Set "
                    + "AUTOSCALER_API_TOKEN (at least " + MIN_TOKEN_LENGTH + " characters; infra/stack up keeps one in "
                    + "infra/.secrets/api-token) and send 'Authorization: Bearer <token>', or set "
                    + "AUTOSCALER_API_AUTH=off for a laptop demo");
            case TOKEN -> matches(authorization) ? Verdict.ALLOWED
                    : new Verdict(false, "writes need 'Authorization: Bearer <token>' with the token of "
                            + "AUTOSCALER_API_TOKEN (infra/stack pools sends the one in infra/.secrets/api-token)");
        };
    }

    /** What the service says once at start, so that an operator sees how writes are guarded. */
    public String startMessage() {
        return switch (mode) {
            case OPEN -> "AUTOSCALER_API_AUTH=off: pool writes need no token, anyone who reaches the API can change "
                    + "or delete pools; use this for a laptop demo only";
            case CLOSED -> "No API token configured: pool writes (PUT, DELETE /pools) are refused until "
                    + "AUTOSCALER_API_TOKEN is set (or AUTOSCALER_API_AUTH=off for a laptop demo); reads work";
            case TOKEN -> "Pool writes need the bearer token of AUTOSCALER_API_TOKEN";
        };
    }

    private boolean matches(String authorization) {
        if (authorization == null) {
            return false;
        }
        String header = authorization.trim();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return false;
        }
        byte[] given = header.substring(space + 1).trim().getBytes(StandardCharsets.UTF_8);
        // constant time in the guess (the expected token goes first), so timing does not tell how much was right
        return MessageDigest.isEqual(token, given);
    }
}
