package io.annals.command;

/**
 * Names of the beans the aggregates' {@code @Aggregate} declarations refer to, used by both the declarations and the
 * {@code @Bean} methods: Axon looks these beans up by name, so a name written twice could drift apart unnoticed until
 * start-up.
 */
public final class AggregateBeans {

    /** The lock factory every aggregate type shares ({@code AggregateLockConfiguration}). */
    public static final String LOCKS = "aggregateLocks";
    /** The cache every aggregate type shares ({@code AggregateCacheConfiguration}). */
    public static final String CACHE = "aggregateCache";

    /** Snapshot triggers, one per aggregate type ({@code SnapshotConfiguration}). */
    public static final String PRODUCT_SNAPSHOTS = "productSnapshotTrigger";
    public static final String CUSTOMER_SNAPSHOTS = "customerSnapshotTrigger";
    public static final String ORDER_SNAPSHOTS = "orderSnapshotTrigger";
    public static final String PAYMENT_SNAPSHOTS = "paymentSnapshotTrigger";
    public static final String SHIPMENT_SNAPSHOTS = "shipmentSnapshotTrigger";

    private AggregateBeans() {
    }
}
