package io.annals.query.web;

import io.annals.kernel.error.RuleViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

import java.util.Map;

/**
 * The paging rules of API.md: {@code page} ≥ 0, {@code size} 1..200 (default 20), {@code sort=field,asc|desc} over a
 * fixed set of fields. Any other value is a 400 naming the parameter.
 */
public final class PageParams {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;

    private PageParams() {
    }

    /**
     * @param sortable     public sort field → entity property
     * @param defaultSort  used when {@code sort} is absent
     * @param tieBreaker   entity property appended to every sort so pages are stable
     */
    public static Pageable of(String page, String size, String sort, Map<String, String> sortable, Sort defaultSort,
                              String tieBreaker) {
        int pageNumber = parse("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = parse("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
        Sort order = sort == null ? defaultSort : parseSort(sort, sortable);
        if (order.getOrderFor(tieBreaker) == null) {
            order = order.and(Sort.by(tieBreaker));
        }
        return PageRequest.of(pageNumber, pageSize, order);
    }

    private static Sort parseSort(String sort, Map<String, String> sortable) {
        String[] parts = sort.split(",", -1);
        if (parts.length > 2 || !sortable.containsKey(parts[0])) {
            throw new RuleViolationException("sort", "must be one of " + String.join(", ", sortable.keySet())
                    + ", optionally followed by ,asc or ,desc");
        }
        String property = sortable.get(parts[0]);
        if (parts.length == 1 || parts[1].equalsIgnoreCase("asc")) {
            return Sort.by(Sort.Order.asc(property));
        }
        if (parts[1].equalsIgnoreCase("desc")) {
            return Sort.by(Sort.Order.desc(property));
        }
        throw new RuleViolationException("sort", "direction must be asc or desc");
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
