package io.annals.command.product;

import io.annals.kernel.Money;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.product.ProductRegistered;
import org.hamcrest.Matcher;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.predicate;

/** One product, its orders and the checks the product aggregate's tests share. */
final class ProductFixtures {

    static final String SKU = "SKU-1";
    static final Money PRICE = new Money(new BigDecimal("12.50"), "EUR");
    static final String ORDER_A = "order-a";
    static final String ORDER_B = "order-b";

    private ProductFixtures() {
    }

    static ProductRegistered registered(long initialStock) {
        return new ProductRegistered(SKU, "Teapot", initialStock, PRICE);
    }

    static Matcher<Object> ruleViolationOn(String field) {
        return predicate(e -> e instanceof RuleViolationException violation && field.equals(violation.field()));
    }

    static void assertStock(Product product, long available, long reserved) {
        assertThat(product.available()).as("available").isEqualTo(available);
        assertThat(product.reserved()).as("reserved").isEqualTo(reserved);
    }
}
