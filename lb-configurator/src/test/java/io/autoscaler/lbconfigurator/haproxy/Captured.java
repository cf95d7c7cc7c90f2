package io.autoscaler.lbconfigurator.haproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Answers captured from the real HAProxy 2.6 container (src/test/resources/haproxy-2.6). */
final class Captured {
    private Captured() {
    }

    static String read(String name) {
        try (InputStream in = Captured.class.getResourceAsStream("/haproxy-2.6/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
