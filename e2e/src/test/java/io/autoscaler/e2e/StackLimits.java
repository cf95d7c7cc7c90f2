package io.autoscaler.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory limits of infra/docker-compose.yml ({@code mem_limit} of each service), read from the file
 * itself so that the tests run each container under the limit users run it under.
 */
final class StackLimits {
    private static final Path COMPOSE = Path.of("..", "infra", "docker-compose.yml");
    private static final Pattern SERVICE = Pattern.compile("^  ([a-z0-9-]+):\\s*$");
    private static final Pattern LIMIT = Pattern.compile("^    mem_limit:\\s*([0-9]+)([kmg])\\s*$");
    private static final Map<String, Long> LIMITS = read(COMPOSE);

    private StackLimits() {
    }

    /** The compose file's memory limit of {@code service} in bytes; fails when it sets none. */
    static long memoryBytes(String service) {
        Long bytes = LIMITS.get(service);
        if (bytes == null) {
            throw new IllegalStateException(COMPOSE + " sets no mem_limit for " + service);
        }
        return bytes;
    }

    static Map<String, Long> read(Path compose) {
        try {
            return parse(Files.readAllLines(compose));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + compose, e);
        }
    }

    static Map<String, Long> parse(List<String> lines) {
        Map<String, Long> limits = new HashMap<>();
        String service = null;
        boolean inServices = false;
        for (String line : lines) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                inServices = line.startsWith("services:");
                service = null;
                continue;
            }
            Matcher name = SERVICE.matcher(line);
            Matcher limit = LIMIT.matcher(line);
            if (inServices && name.matches()) {
                service = name.group(1);
            } else if (service != null && limit.matches()) {
                long unit = switch (limit.group(2)) {
                    case "k" -> 1024L;
                    case "m" -> 1024L * 1024;
                    default -> 1024L * 1024 * 1024;
                };
                limits.put(service, Long.parseLong(limit.group(1)) * unit);
            }
        }
        return limits;
    }
}
