package io.annals.command;

/**
 * The aggregate types as they are stored with every event ({@code domain_event_entry.type}) and snapshot. Each
 * aggregate declares its type with one of these ({@code @Aggregate(type = ...)}) and readers of the event store
 * (the temporal folds) name the same constant, so renaming an aggregate class cannot silently change the stored
 * type or the type a reader expects. The values are Axon's defaults (the simple class names), so events stored
 * before keep their type.
 */
public final class AggregateTypes {

    public static final String PRODUCT = "Product";
    public static final String CUSTOMER = "Customer";
    public static final String ORDER = "Order";
    public static final String PAYMENT = "Payment";
    public static final String SHIPMENT = "Shipment";

    private AggregateTypes() {
    }
}
