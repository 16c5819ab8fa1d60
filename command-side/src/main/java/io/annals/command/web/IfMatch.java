package io.annals.command.web;

import io.annals.kernel.Versions;
import io.annals.kernel.error.RuleViolationException;

/** Strong entity tags carrying an aggregate version: {@code "3"}. */
public final class IfMatch {

    private IfMatch() {
    }

    /** @return the version in an If-Match header, or {@code null} when the header is absent */
    public static Long parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.length() < 3 || !value.startsWith("\"") || !value.endsWith("\"")) {
            throw new RuleViolationException("If-Match", "must be a strong entity tag such as \"3\"");
        }
        try {
            long version = Long.parseLong(value.substring(1, value.length() - 1));
            if (version < 0) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw new RuleViolationException("If-Match", "must carry a version number such as \"3\"");
        }
    }

    public static String etag(long version) {
        return Versions.etag(version);
    }
}
