package io.annals.kernel.order;

import io.annals.kernel.Money;

import java.math.BigDecimal;

/** One line of an order: {@code quantity} units of {@code sku} at {@code unitPrice} each. */
public record OrderLine(String sku, int quantity, Money unitPrice) {

    public BigDecimal lineTotal() {
        return unitPrice.amount().multiply(BigDecimal.valueOf(quantity));
    }
}
