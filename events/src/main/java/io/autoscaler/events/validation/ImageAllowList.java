package io.autoscaler.events.validation;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The images pools may run. Each pattern is an image reference where {@code *} matches any run of
 * characters except '/' and {@code **} any run including '/': {@code autoscaler/*},
 * {@code registry.example.com/team/**}, {@code nginx:1.27}. A pattern without a tag also
 * matches every tag of that repository.
 */
public final class ImageAllowList {
    private final List<String> patterns;
    private final List<Pattern> compiled;

    public ImageAllowList(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.compiled = this.patterns.stream().map(ImageAllowList::compile).toList();
    }

    public static ImageAllowList allowingAll() {
        return new ImageAllowList(List.of("**"));
    }

    public boolean allows(String image) {
        return compiled.stream().anyMatch(p -> p.matcher(image).matches());
    }

    public List<String> patterns() {
        return patterns;
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        boolean hasTagOrDigest = glob.contains("@") || glob.substring(glob.lastIndexOf('/') + 1).contains(":");
        if (!hasTagOrDigest && !glob.endsWith("**")) {
            regex.append("(:[^/]+|@.+)?");
        }
        return Pattern.compile(regex.toString());
    }
}
