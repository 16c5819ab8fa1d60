package io.annals.kernel;

import io.annals.kernel.product.RestockProduct;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LockOrderTest {

    record ByMethod(String id) {
        @TargetAggregateIdentifier
        String aggregate() {
            return "order-" + id;
        }
    }

    @Test
    void theTargetIsTheAnnotatedFieldOrMethodAndNullWithoutOne() {
        assertThat(LockOrder.target(new RestockProduct("SKU-1", 5, null))).isEqualTo("SKU-1");
        assertThat(LockOrder.target(new ByMethod("7"))).isEqualTo("order-7");
        assertThat(LockOrder.target("no target")).isNull();
    }

    @Test
    void commandsForNoAggregateComeFirstThenAscendingTargetsEachInTheOrderSent() {
        List<Object> commands = new ArrayList<>(List.of(
                new RestockProduct("B", 1, null), new RestockProduct("A", 2, null), "no target",
                new RestockProduct("B", 3, null), new RestockProduct("A", 4, null)));

        commands.sort(LockOrder.by(LockOrder::target));

        assertThat(commands).containsExactly("no target",
                new RestockProduct("A", 2, null), new RestockProduct("A", 4, null),
                new RestockProduct("B", 1, null), new RestockProduct("B", 3, null));
    }
}
