package io.annals.command.order;

import io.annals.kernel.Sku;
import io.annals.kernel.customer.CustomerLimits;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.OrderLimits;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.PlaceOrder;

import java.util.List;

/** The invariants of a new order (API.md): 1..100 lines in one currency, quantities in range, a full address. */
final class OrderRules {

    private OrderRules() {
    }

    static void requireValid(PlaceOrder command) {
        if (!CustomerLimits.isValidEmail(command.customerEmail())) {
            throw new RuleViolationException("customerEmail", "must be a valid email address");
        }
        List<OrderLine> lines = command.lines();
        if (lines == null || lines.size() < OrderLimits.MIN_LINES || lines.size() > OrderLimits.MAX_LINES) {
            throw new RuleViolationException("lines",
                    "must have " + OrderLimits.MIN_LINES + ".." + OrderLimits.MAX_LINES + " lines");
        }
        String currency = lines.get(0).unitPrice().currency();
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            if (!Sku.isValid(line.sku())) {
                throw new RuleViolationException("lines[" + i + "].sku", "must match " + Sku.PATTERN);
            }
            if (line.quantity() < OrderLimits.MIN_QUANTITY || line.quantity() > OrderLimits.MAX_QUANTITY) {
                throw new RuleViolationException("lines[" + i + "].quantity",
                        "must be " + OrderLimits.MIN_QUANTITY + ".." + OrderLimits.MAX_QUANTITY);
            }
            if (!line.unitPrice().currency().equals(currency)) {
                throw new RuleViolationException("lines[" + i + "].unitPrice.currency",
                        "all lines must use one currency (" + currency + ")");
            }
        }
        Address address = command.shippingAddress();
        if (address == null) {
            throw new RuleViolationException("shippingAddress", "must not be null");
        }
        requireText("shippingAddress.line1", address.line1());
        requireText("shippingAddress.city", address.city());
        requireText("shippingAddress.postalCode", address.postalCode());
        requireText("shippingAddress.country", address.country());
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank() || value.length() > OrderLimits.MAX_ADDRESS_FIELD_LENGTH) {
            throw new RuleViolationException(field, "must be 1.." + OrderLimits.MAX_ADDRESS_FIELD_LENGTH + " characters");
        }
    }
}
