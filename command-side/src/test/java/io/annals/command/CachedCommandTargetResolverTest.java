package io.annals.command;

import io.annals.kernel.customer.RegisterCustomer;
import io.annals.kernel.product.RestockProduct;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedCommandTargetResolverTest {

    record ByMethod(String id, long expected) {
        @TargetAggregateIdentifier
        String aggregate() {
            return "order-" + id;
        }

        @TargetAggregateVersion
        long version() {
            return expected;
        }
    }

    record WithTextVersion(@TargetAggregateIdentifier UUID id, @TargetAggregateVersion String version) {
    }

    record NoTarget(String id) {
    }

    private final CommandTargetResolver testSubject = new CachedCommandTargetResolver();
    private final CommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    static List<Object> commands() {
        return List.of(new RestockProduct("SKU-1", 5, 3L), new RegisterCustomer("c-1", "a@example.com", "Ada"),
                new ByMethod("7", 2), new WithTextVersion(UUID.randomUUID(), "9"),
                new WithTextVersion(UUID.randomUUID(), null));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void resolvesEveryCommandAsAxonsAnnotationResolverDoes(Object command) {
        VersionedAggregateIdentifier expected = axons.resolveTarget(GenericCommandMessage.asCommandMessage(command));

        VersionedAggregateIdentifier resolved =
                testSubject.resolveTarget(GenericCommandMessage.asCommandMessage(command));

        assertThat(resolved.getIdentifier()).isEqualTo(expected.getIdentifier());
        assertThat(resolved.getIdentifierValue()).isEqualTo(expected.getIdentifierValue());
        assertThat(resolved.getVersion()).isEqualTo(expected.getVersion());
    }

    static List<Object> refused() {
        return List.of(new NoTarget("x"), new RestockProduct(null, 1, null),
                new WithTextVersion(UUID.randomUUID(), "nine"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWhatAxonsAnnotationResolverRefuses(Object command) {
        assertThatThrownBy(() -> axons.resolveTarget(GenericCommandMessage.asCommandMessage(command)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThatThrownBy(() -> testSubject.resolveTarget(GenericCommandMessage.asCommandMessage(command)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
