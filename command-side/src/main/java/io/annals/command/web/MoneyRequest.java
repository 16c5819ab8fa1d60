package io.annals.command.web;

import io.annals.kernel.Money;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;

/** Money as clients send it: {@code {"amount": "12.50", "currency": "EUR"}}, the amount a decimal string. */
@MoneyRequest.ValidMoney
public record MoneyRequest(@NotNull String amount, @NotNull String currency) {

    private static final String DECIMAL = "\\d{1,15}(\\.\\d{1,10})?";

    public Money toMoney() {
        return new Money(new BigDecimal(amount), currency);
    }

    /** Checks the currency is ISO-4217 and the amount a non-negative decimal at most at its minor-unit scale. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = MoneyValidator.class)
    public @interface ValidMoney {
        String message() default "invalid money";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static class MoneyValidator implements ConstraintValidator<ValidMoney, MoneyRequest> {

        @Override
        public boolean isValid(MoneyRequest money, ConstraintValidatorContext context) {
            if (money == null || money.amount() == null || money.currency() == null) {
                return true; // @NotNull reports the missing parts
            }
            context.disableDefaultConstraintViolation();
            int digits;
            try {
                digits = Money.minorUnitDigits(money.currency());
            } catch (IllegalArgumentException e) {
                violation(context, "currency", "must be an ISO-4217 currency code");
                return false;
            }
            if (!money.amount().matches(DECIMAL)) {
                violation(context, "amount", "must be a non-negative decimal string such as \"12.50\"");
                return false;
            }
            if (new BigDecimal(money.amount()).stripTrailingZeros().scale() > digits) {
                violation(context, "amount", "must have at most " + digits + " decimal places for " + money.currency());
                return false;
            }
            return true;
        }

        private static void violation(ConstraintValidatorContext context, String field, String message) {
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
        }
    }
}
