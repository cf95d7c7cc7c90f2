package io.autoscaler.decisionengine;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The service's packages import each other in one direction only (registry → engine → policy). */
class PackageCycleTest {
    private static final String ROOT = "io.autoscaler.decisionengine";
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(" + Pattern.quote(ROOT)
            + "\\.\\w+)\\.", Pattern.MULTILINE);

    @Test
    void noPackageImportsBackIntoOneThatImportsIt() throws IOException {
        Map<String, Set<String>> imports = imports(Path.of("src/main/java", ROOT.split("\\.")));
        List<String> cycles = new ArrayList<>();
        imports.keySet().forEach(from -> {
            if (reaches(imports, from, from, new HashSet<>())) {
                cycles.add(from + " imports " + imports.get(from) + " and is reached back");
            }
        });
        assertThat(cycles, empty());
    }

    /** Per package of the service, the service's other packages its main sources import. */
    private static Map<String, Set<String>> imports(Path root) throws IOException {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String sub = root.relativize(file.getParent()).toString().replace('/', '.');
                String pkg = sub.isEmpty() ? ROOT : ROOT + "." + sub;
                Set<String> of = imports.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = IMPORT.matcher(read(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        of.add(m.group(1));
                    }
                }
            });
        }
        return imports;
    }

    private static boolean reaches(Map<String, Set<String>> imports, String from, String target, Set<String> seen) {
        for (String next : imports.getOrDefault(from, Set.of())) {
            if (next.equals(target) || seen.add(next) && reaches(imports, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
