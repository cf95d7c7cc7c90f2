package io.autoscaler.events.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects violations field by field; each check reports at most one per field. */
final class Checks {
    final List<Violation> violations = new ArrayList<>();

    void fail(String field, String reason) {
        violations.add(new Violation(field, reason));
    }

    boolean present(String field, String value) {
        if (value == null || value.isBlank()) {
            fail(field, "is required");
            return false;
        }
        return true;
    }

    void matches(String field, String value, Pattern pattern, String expected) {
        if (present(field, value) && !Rules.matches(pattern, value)) {
            fail(field, "must be " + expected);
        }
    }

    /** Like {@link #matches} but a missing value is fine. */
    void matchesIfPresent(String field, String value, Pattern pattern, String expected) {
        if (value != null) {
            matches(field, value, pattern, expected);
        }
    }

    void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            fail(field, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    void range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            fail(field, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    void finiteNonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            fail(field, "must be a finite number at least 0, was " + value);
        }
    }

    void maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            fail(field, "must be at most " + max + " characters, was " + value.length());
        }
    }
}
