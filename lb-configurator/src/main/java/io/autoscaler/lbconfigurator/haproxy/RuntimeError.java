package io.autoscaler.lbconfigurator.haproxy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A refusal by the HAProxy runtime API, classified from HAProxy's own message, which is kept as is
 * for logs and ERROR events.
 */
public record RuntimeError(Kind kind, String message) {

    public enum Kind {
        NO_SUCH_BACKEND, NO_SUCH_SERVER, SERVER_EXISTS, STILL_HAS_CONNECTIONS, NOT_IN_MAINTENANCE,
        NOT_DYNAMIC, PERMISSION_DENIED, UNKNOWN_COMMAND, REFUSED
    }

    /** Lines an action command answers with when it worked (2.6 to 3.x). */
    private static final List<String> SUCCESS = List.of("new server registered", "server deleted", "ip changed",
            "port changed", "no need to change");

    private record Pattern(String fragment, Kind kind) {
    }

    /** Messages of HAProxy 2.6 to 3.x, lower-cased fragments, first match wins. */
    private static final List<Pattern> PATTERNS = List.of(
            new Pattern("no such backend", Kind.NO_SUCH_BACKEND),
            new Pattern("can't find backend", Kind.NO_SUCH_BACKEND),
            new Pattern("no such proxy", Kind.NO_SUCH_BACKEND),
            new Pattern("no such server", Kind.NO_SUCH_SERVER),
            new Pattern("already exists a server", Kind.SERVER_EXISTS),
            new Pattern("already exists", Kind.SERVER_EXISTS),
            new Pattern("still has connections", Kind.STILL_HAS_CONNECTIONS),
            new Pattern("only servers in maintenance mode", Kind.NOT_IN_MAINTENANCE),
            new Pattern("dynamic load balancing", Kind.NOT_DYNAMIC),
            new Pattern("non-dynamic server", Kind.NOT_DYNAMIC),
            new Pattern("permission denied", Kind.PERMISSION_DENIED),
            new Pattern("unknown command", Kind.UNKNOWN_COMMAND));

    /**
     * The error in the answer to an action command ({@code add server}, {@code set server},
     * {@code del server}, or a {@code ;}-joined batch of them): any line that is neither blank nor a
     * known success message. HAProxy answers every command of a batch in turn, so one refused
     * command anywhere in the batch is found.
     */
    public static Optional<RuntimeError> inActionResponse(String response) {
        for (String line : response.split("\n")) {
            String text = line.strip();
            String lower = text.toLowerCase(Locale.ROOT);
            if (text.isEmpty() || SUCCESS.stream().anyMatch(lower::startsWith)) {
                continue;
            }
            return Optional.of(classify(text));
        }
        return Optional.empty();
    }

    /** The error in the answer to a {@code show} command: only a known refusal on its first line. */
    public static Optional<RuntimeError> inShowResponse(String response) {
        String first = response.strip().lines().findFirst().orElse("");
        String lower = first.toLowerCase(Locale.ROOT);
        return PATTERNS.stream().filter(p -> lower.contains(p.fragment)).findFirst()
                .map(p -> new RuntimeError(p.kind, first));
    }

    static RuntimeError classify(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        Kind kind = PATTERNS.stream().filter(p -> lower.contains(p.fragment)).map(Pattern::kind).findFirst()
                .orElse(Kind.REFUSED);
        return new RuntimeError(kind, message);
    }
}
