package io.autoscaler.provisioner.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import io.autoscaler.events.PoolSpec;

/**
 * What a pool's containers are launched from (image, env, port, network, limits, Swarm placement), as a short digest
 * kept on each container's label. A running instance whose digest differs from the pool's current one
 * is out of date and gets rolled; scaling bounds, policy and health settings are not part of it, so
 * changing them replaces nothing.
 */
public final class Template {
    private Template() {
    }

    public static String of(PoolSpec spec) {
        StringBuilder text = new StringBuilder();
        field(text, spec.image());
        field(text, String.valueOf(spec.port()));
        field(text, spec.network());
        field(text, String.valueOf(spec.resources().cpus()));
        field(text, String.valueOf(spec.resources().memoryMb()));
        for (Map.Entry<String, String> e : new TreeMap<>(spec.env()).entrySet()) {
            field(text, e.getKey());
            field(text, e.getValue());
        }
        if (!spec.placement().anywhere()) {
            // only when set: the digests of pools placed anywhere stay what they were before placement existed
            field(text, "placement");
            field(text, String.valueOf(spec.placement().constraints()));
            field(text, String.valueOf(spec.placement().preferences()));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Length-prefixed, so that no two different specs write the same text. */
    private static void field(StringBuilder text, String value) {
        String v = String.valueOf(value);
        text.append(v.length()).append(':').append(v);
    }
}
