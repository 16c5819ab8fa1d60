package io.annals.kernel.product;

import java.util.List;

/** The answer to {@link FindUnknownSkus}: the asked skus no product was registered for, in the order asked. */
public record UnknownSkus(List<String> skus) {
}
