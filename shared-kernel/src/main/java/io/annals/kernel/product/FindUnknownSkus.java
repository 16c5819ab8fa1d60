package io.annals.kernel.product;

import java.util.List;

/**
 * A query to the command side: which of {@code skus} name no registered product. Answered with {@link UnknownSkus}
 * from the command side's own registry, which is written with each product's first event, so a yes never lags.
 */
public record FindUnknownSkus(List<String> skus) {
}
