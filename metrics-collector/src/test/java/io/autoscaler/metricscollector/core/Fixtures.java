package io.autoscaler.metricscollector.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The HAProxy statistics the parser is tested on.
 * <ul>
 * <li>{@code haproxy/stats-2.6.csv}: captured from HAProxy 2.6.12 ({@code autoscaler/haproxy:2.6}) over
 * {@code /stats;csv}, backend {@code demo} with servers added at runtime as the configurator adds them:
 * UP with sessions in flight, DRAIN, MAINT, {@code no check}, DOWN, {@code UP 2/3} (its app paused) and
 * {@code DOWN 1/3} (rising); and a backend {@code empty} with no server.</li>
 * <li>{@code haproxy/show-stat-2.6.txt}: the same HAProxy's {@code show stat} on its stats socket.</li>
 * <li>{@code haproxy/stats-3.x.csv}: written from the column list of HAProxy's management guide (section
 * 9.1, the static fields 0..112 as 3.x names them, then the {@code -} column and module fields), with
 * queued requests, a check in progress ({@code * L7TOUT}), a quoted {@code last_chk}, a server the
 * autoscaler does not manage, and an empty backend.</li>
 * </ul>
 */
final class Fixtures {
    private Fixtures() {
    }

    static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/haproxy/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
