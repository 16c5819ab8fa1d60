package io.annals.choreography.fulfilment;

import java.util.Collection;
import java.util.List;

/** Which skus name no registered product. Products are never deleted, so a known sku stays known. */
@FunctionalInterface
public interface SkuDirectory {

    /** @return the skus among {@code skus} that are not registered, in the order given */
    List<String> unknown(Collection<String> skus);
}
