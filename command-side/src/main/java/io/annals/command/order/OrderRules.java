package io.annals.command.order;

import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.order.OrderLimits;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.PlaceOrder;

import java.util.List;

/**
 * The invariants of a new order, whoever sends it: it has a line (its total takes the first line's currency), every
 * line reserves at least one unit (the product refuses to reserve less), and all lines share one currency (the total
 * is one amount). The request's shape (at most 100 lines, sku format, the quantity's upper bound, email, address
 * fields) is checked once, at the HTTP edge (API.md).
 */
final class OrderRules {

    private OrderRules() {
    }

    static void requireValid(PlaceOrder command) {
        List<OrderLine> lines = command.lines();
        if (lines.size() < OrderLimits.MIN_LINES) {
            throw new RuleViolationException("lines", "must have at least " + OrderLimits.MIN_LINES + " line");
        }
        String currency = lines.get(0).unitPrice().currency();
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            if (line.quantity() < OrderLimits.MIN_QUANTITY) {
                throw new RuleViolationException("lines[" + i + "].quantity",
                        "must be at least " + OrderLimits.MIN_QUANTITY);
            }
            if (!line.unitPrice().currency().equals(currency)) {
                throw new RuleViolationException("lines[" + i + "].unitPrice.currency",
                        "all lines must use one currency (" + currency + ")");
            }
        }
    }
}
