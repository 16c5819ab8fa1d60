package io.annals.kernel;

import io.annals.kernel.product.RestockProduct;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandTargetsTest {

    record Versioned(@TargetAggregateIdentifier UUID id, @TargetAggregateVersion Integer version) {
    }

    record TextVersion(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }

    static class Base {
        @TargetAggregateIdentifier
        final String id = "inherited";
    }

    static class Derived extends Base {
    }

    @Test
    void theIdentifierIsTheAnnotatedMembersValueAsTextAndNullWithoutOne() {
        UUID id = UUID.randomUUID();

        assertThat(CommandTargets.identifier(new RestockProduct("SKU-1", 5, null))).isEqualTo("SKU-1");
        assertThat(CommandTargets.identifierValue(new Versioned(id, 3))).isEqualTo(id);
        assertThat(CommandTargets.identifier(new Versioned(id, 3))).isEqualTo(id.toString());
        assertThat(CommandTargets.identifier(new Derived())).isEqualTo("inherited");
        assertThat(CommandTargets.identifier(new Versioned(null, 3))).isNull();
        assertThat(CommandTargets.identifier("no target")).isNull();
    }

    @Test
    void theVersionIsANumberOrNumericTextAndNullWithoutOne() {
        assertThat(CommandTargets.version(new Versioned(UUID.randomUUID(), 3))).isEqualTo(3L);
        assertThat(CommandTargets.version(new TextVersion("a", "12"))).isEqualTo(12L);
        assertThat(CommandTargets.version(new TextVersion("a", null))).isNull();
        assertThat(CommandTargets.version(new RestockProduct("SKU-1", 5, 4L))).isNull();
        assertThatThrownBy(() -> CommandTargets.version(new TextVersion("a", "twelve")))
                .isInstanceOf(NumberFormatException.class);
    }
}
