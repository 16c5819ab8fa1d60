package io.annals.query.web;

import io.annals.kernel.error.RuleViolationException;

/** Parses the {@code minVersion} query parameter. */
public final class MinVersion {

    private MinVersion() {
    }

    public static Long parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            long version = Long.parseLong(value);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RuleViolationException("minVersion", "must be a whole number ≥ 0");
    }
}
