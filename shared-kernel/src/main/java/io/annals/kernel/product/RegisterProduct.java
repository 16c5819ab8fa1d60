package io.annals.kernel.product;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.annals.kernel.Sku;
import io.annals.kernel.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a new product under a client-chosen, unique sku. */
public record RegisterProduct(@TargetAggregateIdentifier @NotNull @Pattern(regexp = Sku.PATTERN) String sku,
                              @NotBlank @Size(max = ProductLimits.MAX_NAME_LENGTH) String name,
                              @PositiveOrZero long initialStock,
                              @NotNull Money price) {
}
