package io.autoscaler.lbconfigurator.haproxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * HAProxy's own verdict on a configuration: {@code haproxy -c -f <base> -f <candidate>}, run as an
 * argument list (never through a shell) and bounded by a timeout. Without {@code -q}, so that a refusal
 * comes with HAProxy's ALERT lines, which say why.
 */
public final class ConfigCheck {
    private final String binary;
    private final Duration timeout;

    public ConfigCheck(String binary, Duration timeout) {
        this.binary = binary;
        this.timeout = timeout;
    }

    /** Empty when HAProxy accepts the two files together, else its reasons (or why it could not tell). */
    public Optional<String> refusal(Path base, Path candidate) {
        List<String> command = List.of(binary, "-c", "-f", base.toString(), "-f", candidate.toString());
        Path output = null;
        try {
            // to a file, not a pipe: a long answer can never block the check until its timeout
            output = Files.createTempFile("haproxy-check", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.of("configuration check gave no verdict within " + timeout);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() == 0) {
                return Optional.empty();
            }
            String alerts = text.lines().filter(line -> line.contains("[ALERT]"))
                    .map(line -> line.replaceFirst("^\\[ALERT]\\s*\\(\\d+\\)\\s*:\\s*", ""))
                    .collect(Collectors.joining("; "));
            return Optional.of("HAProxy refused the configuration (exit " + process.exitValue() + "): "
                    + (alerts.isEmpty() ? text.strip() : alerts));
        } catch (IOException e) {
            return Optional.of("could not run " + binary + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("configuration check interrupted");
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
