package io.annals.command.product;

import io.annals.command.VersionCheck;
import io.annals.kernel.Sku;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.product.ProductLimits;
import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.RegisterProduct;
import io.annals.kernel.product.RestockProduct;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A product and its stock. The sku is the aggregate identifier, so the event store's unique
 * (aggregate_identifier, sequence_number) index is what makes skus unique, across every node.
 */
@Aggregate(snapshotTriggerDefinition = "productSnapshotTrigger", cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class Product {

    @AggregateIdentifier
    private String sku;
    private long available;
    private long version;

    protected Product() {
        // for Axon's event sourcing
    }

    @CommandHandler
    Product(RegisterProduct command) {
        if (!Sku.isValid(command.sku())) {
            throw new RuleViolationException("sku", "must match " + Sku.PATTERN);
        }
        if (command.name() == null || command.name().isBlank() || command.name().length() > ProductLimits.MAX_NAME_LENGTH) {
            throw new RuleViolationException("name", "must be 1.." + ProductLimits.MAX_NAME_LENGTH + " characters");
        }
        if (command.initialStock() < 0 || command.initialStock() > ProductLimits.MAX_INITIAL_STOCK) {
            throw new RuleViolationException("initialStock", "must be 0.." + ProductLimits.MAX_INITIAL_STOCK);
        }
        if (command.price() == null) {
            throw new RuleViolationException("price", "must not be null");
        }
        apply(new ProductRegistered(command.sku(), command.name(), command.initialStock(), command.price()));
    }

    /** @return the product's version after the restock */
    @CommandHandler
    long handle(RestockProduct command) {
        VersionCheck.require(sku, command.expectedVersion(), version);
        if (command.quantity() < ProductLimits.MIN_RESTOCK || command.quantity() > ProductLimits.MAX_RESTOCK) {
            throw new RuleViolationException("quantity",
                    "must be " + ProductLimits.MIN_RESTOCK + ".." + ProductLimits.MAX_RESTOCK);
        }
        if (Math.addExact(available, command.quantity()) > Long.MAX_VALUE / 2) {
            throw new RuleViolationException("quantity", "would overflow the stock");
        }
        apply(new ProductRestocked(sku, command.quantity()));
        return version;
    }

    @EventSourcingHandler
    void on(ProductRegistered event, @SequenceNumber long sequenceNumber) {
        sku = event.sku();
        available = event.initialStock();
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ProductRestocked event, @SequenceNumber long sequenceNumber) {
        available += event.quantity();
        version = sequenceNumber;
    }
}
