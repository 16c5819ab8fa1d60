package io.annals.query.web;

import io.annals.kernel.paging.Paging;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

import java.util.Map;

/**
 * The paging rules of API.md ({@link Paging}) as a Spring Data {@link Pageable}: {@code page} ≥ 0, {@code size}
 * 1..200 (default 20), {@code sort=field,asc|desc} over a fixed set of fields. Any other value is a 400 naming the
 * parameter.
 */
public final class PageParams {

    private PageParams() {
    }

    /**
     * @param sortable     public sort field → entity property or column
     * @param defaultSort  used when {@code sort} is absent
     * @param tieBreaker   entity property or column appended to every sort so pages are stable
     */
    public static Pageable of(String page, String size, String sort, Map<String, String> sortable, Sort defaultSort,
                              String tieBreaker) {
        Paging.SortField requested = Paging.sort(sort, sortable.keySet());
        Sort order = requested == null ? defaultSort
                : Sort.by(requested.ascending() ? Sort.Order.asc(sortable.get(requested.field()))
                        : Sort.Order.desc(sortable.get(requested.field())));
        if (order.getOrderFor(tieBreaker) == null) {
            order = order.and(Sort.by(tieBreaker));
        }
        return PageRequest.of(Paging.page(page), Paging.size(size), order);
    }
}
