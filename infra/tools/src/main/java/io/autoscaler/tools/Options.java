package io.autoscaler.tools;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options with defaults; anything else is an error that names the known options. */
final class Options {
    private Options() {
    }

    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new HashMap<>(defaults);
        List<String> list = List.of(args);
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (!arg.startsWith("--") || !defaults.containsKey(arg.substring(2)) || i + 1 >= list.size()) {
                throw new IllegalArgumentException("unknown or incomplete option '" + arg + "'; options: "
                        + defaults.keySet().stream().sorted().map(k -> "--" + k + " <value>").toList());
            }
            values.put(arg.substring(2), list.get(++i));
        }
        return values;
    }
}
