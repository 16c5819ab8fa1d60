package io.annals.kernel.order;

import io.annals.kernel.Money;
import org.axonframework.serialization.Revision;

import java.util.List;

/** An order was placed; {@code total} is the exact sum of its lines. Personal data: email and address. */
@Revision("1")
public record OrderPlaced(String orderId, String customerId, String customerEmail, List<OrderLine> lines,
                          Money total, Address shippingAddress) implements OrderScoped {
}
