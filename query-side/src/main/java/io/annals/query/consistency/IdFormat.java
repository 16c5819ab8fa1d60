package io.annals.query.consistency;

import io.annals.kernel.ServerId;
import io.annals.kernel.Sku;

import java.util.function.Predicate;

/**
 * What the ids of a read model look like. An id that does not fit can name no entity, so a {@code minVersion} read of
 * it is answered at once instead of waiting for a version that can never come.
 */
public enum IdFormat {

    /** Client-chosen stock keeping units: {@value Sku#PATTERN}. */
    SKU(Sku::isValid),
    /** Server-generated UUID strings (customers, orders). */
    SERVER_ID(ServerId::isValid);

    private final Predicate<String> rule;

    IdFormat(Predicate<String> rule) {
        this.rule = rule;
    }

    boolean fits(String id) {
        return rule.test(id);
    }
}
