package io.autoscaler.lbconfigurator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

import io.autoscaler.lbconfigurator.haproxy.ConfigCheck;

/**
 * The files of the directory HAProxy loads after the base file: {@code pools.cfg}, only ever replaced by
 * a checked candidate renamed over it, {@code server-state}, and {@code cookie-key}. Candidates are named
 * so that HAProxy, which loads the directory's {@code *.cfg}, never reads one.
 */
final class ConfigFiles {
    static final String POOLS_FILE = "pools.cfg";
    static final String STATE_FILE = "server-state";
    private static final String CANDIDATE = "pools.cfg.next";
    private static final String COOKIE_KEY_FILE = "cookie-key";

    private final Path dir;
    private final Path baseConfig;
    private final ConfigCheck check;
    private final Supplier<String> serversState;

    /** @param serversState {@code show servers state}, as HAProxy's {@code server-state-file} reads it */
    ConfigFiles(Path dir, Path baseConfig, ConfigCheck check, Supplier<String> serversState) {
        this.dir = dir;
        this.baseConfig = baseConfig;
        this.check = check;
        this.serversState = serversState;
    }

    Path stateFile() {
        return dir.resolve(STATE_FILE);
    }

    /** The pools.cfg HAProxy loads, or "" when there is none. */
    String pools() {
        try {
            Path file = dir.resolve(POOLS_FILE);
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Writes the text as a candidate and has HAProxy check it with the base file; accepted, dumps the
     * server states and renames it to pools.cfg. Returns why not, if not.
     */
    Optional<String> writeChecked(String text) {
        try {
            Files.createDirectories(dir);
            Path candidate = dir.resolve(CANDIDATE);
            Files.writeString(candidate, text, StandardCharsets.UTF_8);
            Optional<String> refusal = check.refusal(baseConfig, candidate);
            if (refusal.isPresent()) {
                Files.deleteIfExists(candidate);
                return refusal;
            }
            dumpServerState();
            Files.move(candidate, dir.resolve(POOLS_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot write " + dir + ": " + e);
        }
    }

    void dumpServerState() {
        try {
            Path next = dir.resolve(STATE_FILE + ".next");
            Files.writeString(next, serversState.get(), StandardCharsets.UTF_8);
            Files.move(next, stateFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dynamic-cookie key kept beside pools.cfg, made once, so that cookies outlive our restarts; null if unwritable. */
    String cookieKey() {
        Path file = dir.resolve(COOKIE_KEY_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] key = new byte[24];
            new SecureRandom().nextBytes(key);
            String hex = HexFormat.of().formatHex(key);
            Files.createDirectories(dir);
            Files.writeString(file, hex, StandardCharsets.UTF_8);
            return hex;
        } catch (IOException e) {
            return null; // cookie stickiness is then reported per pool; nothing else needs the key
        }
    }
}
