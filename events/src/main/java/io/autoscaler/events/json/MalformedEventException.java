package io.autoscaler.events.json;

/** A record that is not valid JSON for its event type; the message says what and where. */
public class MalformedEventException extends RuntimeException {
    private final Class<?> type;

    public MalformedEventException(Class<?> type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public Class<?> type() {
        return type;
    }
}
