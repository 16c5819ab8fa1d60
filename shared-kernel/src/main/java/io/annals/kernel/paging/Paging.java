package io.annals.kernel.paging;

import io.annals.kernel.error.RuleViolationException;

import java.util.Set;

/**
 * The paging parameters of API.md, checked the same way by every list endpoint: {@code page} ≥ 0, {@code size}
 * 1..200 (default 20), {@code sort=field[,asc|desc]} over a fixed set of fields. Any other value is a rule violation
 * naming the parameter (a 400).
 */
public final class Paging {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;

    private Paging() {
    }

    /** A requested sort: a public field name and its direction. */
    public record SortField(String field, boolean ascending) {
    }

    public static int page(String page) {
        return parse("page", page, 0, 0, Integer.MAX_VALUE);
    }

    public static int size(String size) {
        return parse("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
    }

    /** @return the requested sort, or {@code null} when {@code sort} is absent */
    public static SortField sort(String sort, Set<String> sortable) {
        if (sort == null) {
            return null;
        }
        String[] parts = sort.split(",", -1);
        if (parts.length > 2 || !sortable.contains(parts[0])) {
            throw new RuleViolationException("sort", "must be one of " + String.join(", ", sortable)
                    + ", optionally followed by ,asc or ,desc");
        }
        if (parts.length == 1 || parts[1].equalsIgnoreCase("asc")) {
            return new SortField(parts[0], true);
        }
        if (parts[1].equalsIgnoreCase("desc")) {
            return new SortField(parts[0], false);
        }
        throw new RuleViolationException("sort", "direction must be asc or desc");
    }

    /** @return how many pages {@code totalItems} fill at {@code size} per page */
    public static int totalPages(long totalItems, int size) {
        return (int) ((totalItems + size - 1) / size);
    }

    private static int parse(String field, String value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RuleViolationException(field, "must be a whole number between " + min + " and " + max);
    }
}
