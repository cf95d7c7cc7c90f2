package io.autoscaler.metricscollector.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HAProxy's statistics CSV ({@code show stat}, or {@code /stats;csv}) as rows of named fields.
 * Columns are found by their header name, never by position: 2.6 and 3.x order and extend them
 * differently past the static fields (a {@code -} column marks where modules' fields begin).
 */
public final class StatsCsv {
    private StatsCsv() {
    }

    /** One line of the table: a proxy ({@code pxname}) and a service (a server, FRONTEND or BACKEND). */
    public record Row(Map<String, String> fields) {
        public String proxy() {
            return text("pxname");
        }

        public String service() {
            return text("svname");
        }

        public boolean isBackendTotal() {
            return "BACKEND".equals(service());
        }

        public boolean isFrontend() {
            return "FRONTEND".equals(service());
        }

        /** The field as HAProxy wrote it; empty when the column is absent or blank. */
        public String text(String column) {
            return fields.getOrDefault(column, "");
        }

        /** A numeric field; HAProxy leaves fields blank when they do not apply, which reads as 0. */
        public long number(String column) {
            String value = text(column).trim();
            if (value.isEmpty()) {
                return 0;
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new MalformedStatsException("column " + column + " of " + proxy() + "/" + service()
                        + " is not a number: " + value);
            }
        }
    }

    /** Parses the whole output; throws {@link MalformedStatsException} when it is not HAProxy's CSV. */
    public static List<Row> parse(String csv) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("#")) {
            throw new MalformedStatsException("no '# pxname,svname,...' header line");
        }
        List<String> header = split(lines.get(0).substring(1).trim());
        if (!header.contains("pxname") || !header.contains("svname")) {
            throw new MalformedStatsException("the header has no pxname or svname column: " + lines.get(0));
        }
        List<Row> rows = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            List<String> values = split(line);
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < header.size() && i < values.size(); i++) {
                if (!header.get(i).isEmpty()) {
                    fields.put(header.get(i), values.get(i));
                }
            }
            rows.add(new Row(fields));
        }
        return rows;
    }

    /**
     * Splits one line: comma-delimited, a field quoted only when it holds a comma or a quote, a quote in
     * it doubled. The trailing comma HAProxy ends every line with adds no field.
     */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new MalformedStatsException("unterminated quote in: " + line);
        }
        if (field.length() > 0) {
            fields.add(field.toString());
        }
        return fields;
    }
}
