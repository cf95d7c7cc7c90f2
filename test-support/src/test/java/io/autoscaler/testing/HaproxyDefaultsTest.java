package io.autoscaler.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Tests run HAProxy with the stack's defaults: timeouts, retries and redispatch shape every measurement. */
class HaproxyDefaultsTest {
    private static final Path STACK_CONFIG = Path.of("..", "infra", "haproxy", "haproxy.cfg");

    @Test
    void theTestHaproxyHasTheStacksDefaults() throws IOException {
        List<String> stack = defaults(Files.readString(STACK_CONFIG));
        assertThat(stack, hasItem("timeout check 5s"));
        assertThat(defaults(new HaproxyContainer().withBackend("demo").config()), is(stack));
    }

    /** The lines of the {@code defaults} section, comments and blank lines left out. */
    private static List<String> defaults(String config) {
        List<String> lines = new ArrayList<>();
        boolean inDefaults = false;
        for (String raw : config.split("\n")) {
            String line = raw.strip();
            if (!raw.isEmpty() && !Character.isWhitespace(raw.charAt(0)) && !line.startsWith("#")) {
                inDefaults = line.equals("defaults");
            } else if (inDefaults && !line.isEmpty() && !line.startsWith("#")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
