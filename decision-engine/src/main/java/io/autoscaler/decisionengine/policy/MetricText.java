package io.autoscaler.decisionengine.policy;

import java.util.Locale;

import io.autoscaler.events.Metrics;

/** Metric values in words, with their unit: "cpu 92.0%", "response-time 120.0 ms". */
final class MetricText {
    private MetricText() {
    }

    static String value(String metric, double value) {
        return oneDecimal(value) + unit(metric);
    }

    /** "%.1f" without java.util.Formatter, which showed up in profiles of the evaluation path. */
    static String oneDecimal(double value) {
        if (!Double.isFinite(value) || Math.abs(value) >= 1e12) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        long tenths = Math.round(value * 10);
        long whole = Math.abs(tenths);
        return (tenths < 0 ? "-" : "") + whole / 10 + "." + whole % 10;
    }

    /** Targets and thresholds as the user wrote them: 50 rather than 50.0. */
    static String bound(String metric, double value) {
        return number(value) + unit(metric);
    }

    static String number(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }

    private static String unit(String metric) {
        return switch (metric) {
            case Metrics.CPU -> "%";
            case Metrics.RESPONSE_TIME -> " ms";
            case Metrics.REQUEST_RATE -> "/s";
            default -> "";
        };
    }
}
