package io.autoscaler.lbconfigurator.haproxy;

/**
 * A runtime-API call that did not succeed: HAProxy refused it ({@link #refusal()} says how), or it
 * could not be reached or did not answer in time ({@link #refusal()} is null).
 */
public class RuntimeApiException extends RuntimeException {
    private final String command;
    private final RuntimeError refusal;

    public RuntimeApiException(String command, RuntimeError refusal) {
        super("HAProxy refused '" + command + "': " + refusal.message());
        this.command = command;
        this.refusal = refusal;
    }

    public RuntimeApiException(String command, String message, Throwable cause) {
        super("HAProxy runtime API failed on '" + command + "': " + message, cause);
        this.command = command;
        this.refusal = null;
    }

    public String command() {
        return command;
    }

    /** HAProxy's refusal, or null when the socket failed. */
    public RuntimeError refusal() {
        return refusal;
    }

    public boolean is(RuntimeError.Kind kind) {
        return refusal != null && refusal.kind() == kind;
    }

    /** HAProxy's own message when it refused, else what went wrong with the socket. */
    public String reason() {
        return refusal != null ? refusal.message() : getMessage();
    }
}
