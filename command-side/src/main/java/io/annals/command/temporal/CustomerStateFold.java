package io.annals.command.temporal;

import io.annals.command.AggregateTypes;
import io.annals.kernel.customer.CustomerDeleted;
import io.annals.kernel.customer.CustomerRegistered;
import io.annals.kernel.customer.CustomerUpdated;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Objects;

/** Rebuilds a customer (shaped like {@code GET /api/customers/{id}}, plus {@code deleted}) from its events. */
@Component
class CustomerStateFold implements EntityFold<CustomerStateFold.CustomerState> {

    record CustomerState(String customerId, String email, String name, long version, Instant createdAt,
                         Instant updatedAt, boolean deleted) {
    }

    @Override
    public String kind() {
        return "customers";
    }

    @Override
    public String aggregateType() {
        return AggregateTypes.CUSTOMER;
    }

    @Override
    public CustomerState start(DomainEventMessage<?> creation) {
        CustomerRegistered registered = (CustomerRegistered) creation.getPayload();
        return new CustomerState(registered.customerId(), registered.email(), registered.name(),
                creation.getSequenceNumber(), creation.getTimestamp(), creation.getTimestamp(), false);
    }

    @Override
    public CustomerState apply(CustomerState state, DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        String email = state.email();
        String name = state.name();
        boolean deleted = state.deleted();
        if (payload instanceof CustomerUpdated updated) {
            email = Objects.requireNonNullElse(updated.email(), email);
            name = Objects.requireNonNullElse(updated.name(), name);
        } else if (payload instanceof CustomerDeleted) {
            deleted = true;
        }
        return new CustomerState(state.customerId(), email, name, event.getSequenceNumber(), state.createdAt(),
                event.getTimestamp(), deleted);
    }

    @Override
    public Object view(CustomerState state) {
        return state;
    }
}
