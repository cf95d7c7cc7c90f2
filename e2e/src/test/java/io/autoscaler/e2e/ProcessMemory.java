package io.autoscaler.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory of a set of processes, read from the host's {@code /proc/<pid>/smaps_rollup}: the resident set
 * (RSS), and the part of it that is the processes' own (anonymous pages: heap, metaspace, stacks, the
 * archive pages the JVM wrote to). The rest of RSS is clean pages of files (the JDK's libraries, the
 * read-only half of a class archive), shared by every process that maps the same file and dropped by the
 * kernel before it would kill anything. {@code private} is -1 where /proc cannot be read (Docker not on
 * this host).
 */
record ProcessMemory(long rssBytes, long privateBytes) {

    static ProcessMemory sum(ProcessMemory a, ProcessMemory b) {
        return new ProcessMemory(a.rssBytes + b.rssBytes,
                a.privateBytes < 0 || b.privateBytes < 0 ? -1 : a.privateBytes + b.privateBytes);
    }

    static ProcessMemory max(ProcessMemory a, ProcessMemory b) {
        return new ProcessMemory(Math.max(a.rssBytes, b.rssBytes), Math.max(a.privateBytes, b.privateBytes));
    }

    /** The process' memory, its RSS as {@code ps} reported it when /proc is not readable here. */
    static ProcessMemory of(long hostPid, long psRssKib) {
        try {
            long rss = 0;
            long anonymous = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(hostPid), "smaps_rollup"))) {
                if (line.startsWith("Rss:")) {
                    rss = kib(line);
                } else if (line.startsWith("Anonymous:")) {
                    anonymous = kib(line);
                }
            }
            return new ProcessMemory(rss * 1024, anonymous * 1024);
        } catch (IOException | RuntimeException e) {
            return new ProcessMemory(psRssKib * 1024, -1);
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
