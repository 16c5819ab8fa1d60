package io.annals.choreography.fulfilment;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The ids the saga gives an order's payment and shipment: derived from the order id, so every request and retry of
 * the step carries the same id, which is also the provider's idempotency key — a repeat can never charge twice.
 */
final class FulfilmentIds {

    private FulfilmentIds() {
    }

    static String payment(String orderId) {
        return derived("payment:", orderId);
    }

    static String shipment(String orderId) {
        return derived("shipment:", orderId);
    }

    private static String derived(String kind, String orderId) {
        return UUID.nameUUIDFromBytes((kind + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
