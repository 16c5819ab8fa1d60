package io.annals.kernel.order;

/**
 * An event of the order aggregate that records a request the workflow made of a provider step (payment, shipment,
 * confirmation, refund) or that step's answer. It changes no status, but it is one of the order's events, so it moves
 * the order's version like any other.
 */
public interface OrderWorkflowEvent extends OrderScoped {
}
