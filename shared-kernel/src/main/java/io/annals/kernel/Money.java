package io.annals.kernel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount in an ISO-4217 currency, always at the currency's minor-unit scale (EUR 12.50, JPY 1200).
 */
public record Money(BigDecimal amount, String currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = minorUnitDigits(currency);
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        if (amount.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException("amount has more than " + digits + " decimal places for " + currency);
        }
        amount = amount.setScale(digits, RoundingMode.UNNECESSARY);
    }

    /** The number of decimal places of an ISO-4217 currency; rejects codes that are not ISO-4217. */
    public static int minorUnitDigits(String currency) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO-4217 code");
        }
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return Math.max(digits, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO-4217 code", e);
        }
    }
}
