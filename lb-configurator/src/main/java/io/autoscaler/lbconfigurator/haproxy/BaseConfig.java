package io.autoscaler.lbconfigurator.haproxy;

import java.util.Set;
import java.util.TreeSet;

/** The proxies HAProxy's base file (the user's) declares: a pool whose backend is one of them is the user's. */
public record BaseConfig(Set<String> backends) {

    /** Names after {@code backend} and {@code listen} section keywords (both can take servers). */
    public static BaseConfig parse(String text) {
        Set<String> backends = new TreeSet<>();
        text.lines().map(String::strip).forEach(line -> {
            String[] words = line.split("\\s+");
            if (words.length >= 2 && (words[0].equals("backend") || words[0].equals("listen"))) {
                backends.add(words[1]);
            }
        });
        return new BaseConfig(Set.copyOf(backends));
    }

    public boolean declares(String backend) {
        return backends.contains(backend);
    }
}
