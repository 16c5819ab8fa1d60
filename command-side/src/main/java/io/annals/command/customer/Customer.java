package io.annals.command.customer;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annals.command.AggregateBeans;
import io.annals.command.AggregateTypes;
import io.annals.command.VersionCheck;
import io.annals.kernel.customer.CustomerDeleted;
import io.annals.kernel.customer.CustomerRegistered;
import io.annals.kernel.customer.CustomerUpdated;
import io.annals.kernel.customer.DeleteCustomer;
import io.annals.kernel.customer.RegisterCustomer;
import io.annals.kernel.customer.UpdateCustomer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A customer. Email uniqueness is set validation, decided by the {@link CustomerRegistry} in the same transaction as
 * the events; a deleted customer is gone for every later command (404) and frees its email. The shape of email and
 * name (format, lengths, "give email and/or name") is checked once, at the HTTP edge.
 */
@Aggregate(type = AggregateTypes.CUSTOMER, snapshotTriggerDefinition = AggregateBeans.CUSTOMER_SNAPSHOTS,
        cache = AggregateBeans.CACHE, lockFactory = AggregateBeans.LOCKS)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class Customer {

    @AggregateIdentifier
    private String customerId;
    private String email;
    private String name;
    private long version;

    protected Customer() {
        // for Axon's event sourcing
    }

    @CommandHandler
    Customer(RegisterCustomer command, CustomerRegistry registry) {
        registry.register(command.customerId(), command.email());
        apply(new CustomerRegistered(command.customerId(), command.email(), command.name()));
    }

    /** @return the version after the update (unchanged when nothing changed) */
    @CommandHandler
    long handle(UpdateCustomer command, CustomerRegistry registry) {
        VersionCheck.require(customerId, command.expectedVersion(), version);
        String newEmail = command.email() != null && !command.email().equals(email) ? command.email() : null;
        String newName = command.name() != null && !command.name().equals(name) ? command.name() : null;
        if (newEmail != null) {
            if (!CustomerRegistry.emailKey(newEmail).equals(CustomerRegistry.emailKey(email))) {
                registry.changeEmail(customerId, newEmail);
            }
        }
        if (newEmail != null || newName != null) {
            apply(new CustomerUpdated(customerId, newEmail, newName));
        }
        return version;
    }

    /** @return the version of the deletion event */
    @CommandHandler
    long handle(DeleteCustomer command, CustomerRegistry registry) {
        VersionCheck.require(customerId, command.expectedVersion(), version);
        registry.remove(customerId);
        apply(new CustomerDeleted(customerId));
        return version;
    }

    @EventSourcingHandler
    void on(CustomerRegistered event, @SequenceNumber long sequenceNumber) {
        customerId = event.customerId();
        email = event.email();
        name = event.name();
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(CustomerUpdated event, @SequenceNumber long sequenceNumber) {
        email = Objects.requireNonNullElse(event.email(), email);
        name = Objects.requireNonNullElse(event.name(), name);
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(CustomerDeleted event, @SequenceNumber long sequenceNumber) {
        version = sequenceNumber;
        markDeleted();
    }
}
