package io.annals.choreography.provider;

import io.annals.kernel.Money;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.OrderLine;

import java.util.List;

/**
 * The JSON the gateways speak with the providers (and the sandbox serves). Every call is a POST with an
 * {@code Idempotency-Key} header; a provider answers the same key with the same answer.
 * <ul>
 *     <li>{@code POST {payment}/charges} {@link ChargeRequest} → {@link ChargeAnswer}</li>
 *     <li>{@code POST {payment}/refunds} {@link RefundRequest} → {@link RefundAnswer}</li>
 *     <li>{@code POST {shipping}/shipments} {@link ShipmentRequest} → {@link ShipmentAnswer}</li>
 *     <li>{@code POST {notification}/batches} {@link BatchRequest} → {@link BatchAnswer}</li>
 * </ul>
 * Amounts travel as decimal strings, as in the public API. A 4xx answer declines the request; a 5xx is transient.
 */
public final class ProviderWire {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String CHARGES = "/charges";
    public static final String REFUNDS = "/refunds";
    public static final String SHIPMENTS = "/shipments";
    public static final String BATCHES = "/batches";

    private ProviderWire() {
    }

    public record Amount(String amount, String currency) {
        static Amount of(Money money) {
            return new Amount(money.amount().toPlainString(), money.currency());
        }
    }

    public record ChargeRequest(String paymentId, String orderId, Amount amount) {
    }

    public record ChargeAnswer(String providerReference) {
    }

    public record RefundRequest(String paymentId, Amount amount) {
    }

    public record RefundAnswer(String refundReference) {
    }

    public record Line(String sku, int quantity) {
        static Line of(OrderLine line) {
            return new Line(line.sku(), line.quantity());
        }
    }

    public record ShipmentRequest(String shipmentId, String orderId, Address address, List<Line> lines) {
    }

    public record ShipmentAnswer(String trackingNumber) {
    }

    public record BatchRequest(String batchId, List<Confirmation> confirmations) {
    }

    public record BatchAnswer(int delivered) {
    }
}
