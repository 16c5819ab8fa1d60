package io.annals.choreography.fulfilment;

/** Whether a sku names a registered product. Products are never deleted, so a yes stays true. */
@FunctionalInterface
public interface SkuDirectory {

    boolean exists(String sku);
}
