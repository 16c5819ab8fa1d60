package io.annals.query.customer;

import io.annals.kernel.customer.CustomerDeleted;
import io.annals.kernel.customer.CustomerRegistered;
import io.annals.kernel.customer.CustomerUpdated;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.query.consistency.ReadYourWrites;
import io.annals.query.admin.ReadModelTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds {@code customer_view}. Idempotent by version: an event at or below the row's version is skipped. A deleted
 * customer stays as a hidden tombstone.
 */
@Component
@ReadModelTables("customer_view")
@ProcessingGroup(CustomerProjection.GROUP)
@InstanceRole(Role.QUERY)
class CustomerProjection {

    static final String GROUP = "customers";

    private final CustomerViewRepository repository;
    private final ReadYourWrites readYourWrites;

    CustomerProjection(CustomerViewRepository repository, ReadYourWrites readYourWrites) {
        this.repository = repository;
        this.readYourWrites = readYourWrites;
    }

    @EventHandler
    void on(CustomerRegistered event, @SequenceNumber long version, @Timestamp Instant at) {
        if (!repository.existsById(event.customerId())) {
            repository.save(new CustomerView(event.customerId(), event.email(), event.name(), version, at));
            readYourWrites.announce(GROUP, event.customerId());
        }
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber long version, @Timestamp Instant at) {
        repository.findById(event.customerId())
                .filter(view -> view.getVersion() < version)
                .ifPresent(view -> {
                    view.update(event.email(), event.name(), version, at);
                    readYourWrites.announce(GROUP, event.customerId());
                });
    }

    @EventHandler
    void on(CustomerDeleted event, @SequenceNumber long version, @Timestamp Instant at) {
        repository.findById(event.customerId())
                .filter(view -> view.getVersion() < version)
                .ifPresent(view -> {
                    view.delete(version, at);
                    readYourWrites.announce(GROUP, event.customerId());
                });
    }

}
