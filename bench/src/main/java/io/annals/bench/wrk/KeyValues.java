package io.annals.bench.wrk;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One line of {@code key=value} pairs separated by spaces, after a leading tag: the format of the line
 * {@code bench/wrk/workloads.lua} prints and of the summary file the comparison reads. Values never contain spaces
 * (workload names, numbers), which keeps this a split rather than a parser library.
 */
final class KeyValues {

    private final Map<String, String> values;

    private KeyValues(Map<String, String> values) {
        this.values = values;
    }

    /** The pairs of {@code line} after {@code tag}; fails when the line does not start with the tag. */
    static KeyValues parse(String tag, String line) {
        String trimmed = line.trim();
        if (!trimmed.startsWith(tag + " ")) {
            throw new IllegalArgumentException("not a " + tag + " line: " + line);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : trimmed.substring(tag.length()).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not key=value: '" + pair + "' in " + line);
            }
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new KeyValues(values);
    }

    String text(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key + " in " + values);
        }
        return value;
    }

    long count(String key) {
        return Long.parseLong(text(key));
    }

    double number(String key) {
        return Double.parseDouble(text(key));
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
