package io.annals.kernel.order;

/**
 * A message that belongs to one order's fulfilment. The fulfilment saga is associated by {@link #orderId()} and its
 * events are processed in order per order, whichever aggregate (order, product, payment, shipment) emitted them.
 */
public interface OrderScoped {

    String orderId();
}
