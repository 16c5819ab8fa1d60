package io.annals.choreography.fulfilment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annals.kernel.Money;
import io.annals.kernel.order.OrderLine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The stock reservations of one order as the saga waits for the products' answers: which skus have not answered yet,
 * and which refused. Part of the saga's state.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class Reservations {

    private TreeSet<String> awaiting;
    private List<String> refused;

    Reservations() {
        // for Jackson
    }

    Reservations(Collection<String> skus) {
        awaiting = new TreeSet<>(skus);
        refused = new ArrayList<>();
    }

    /**
     * Takes a product's answer; a repeated or unexpected one changes nothing.
     *
     * @param refusal what to tell of a refusal, {@code null} when the stock was reserved
     * @return whether this answer was the last one awaited
     */
    boolean answered(String sku, String refusal) {
        if (!awaiting.remove(sku)) {
            return false;
        }
        if (refusal != null) {
            refused.add(refusal);
        }
        return awaiting.isEmpty();
    }

    List<String> refused() {
        return refused;
    }

    /** Quantity per sku, in ascending sku order: the one order products are locked in. */
    static TreeMap<String, Integer> quantities(List<OrderLine> lines) {
        TreeMap<String, Integer> quantities = new TreeMap<>();
        lines.forEach(line -> quantities.merge(line.sku(), line.quantity(), Integer::sum));
        return quantities;
    }

    /** The order's total, as the order computed it: the exact sum of its lines, in their one currency. */
    static Money total(List<OrderLine> lines) {
        BigDecimal sum = lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Money(sum, lines.get(0).unitPrice().currency());
    }
}
