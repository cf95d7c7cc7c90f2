package io.autoscaler.lbconfigurator.haproxy;

/** Sends one command line (one command, or several joined by {@code ;}) and returns HAProxy's raw answer. */
@FunctionalInterface
public interface RuntimeApi {
    String send(String commandLine);
}
