package io.annals.command.customer;

import io.annals.kernel.customer.CustomerDeleted;
import io.annals.kernel.customer.CustomerRegistered;
import io.annals.kernel.customer.CustomerUpdated;
import io.annals.kernel.customer.DeleteCustomer;
import io.annals.kernel.customer.RegisterCustomer;
import io.annals.kernel.customer.UpdateCustomer;
import io.annals.kernel.error.DuplicateEntityException;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.annals.command.customer.CustomerFixtures.*;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The customer aggregate's decisions on registration and deletion, given its past events. The
 * {@link CustomerRegistry} is a test double here: its answers (email free or taken) are the aggregate's input;
 * the real table and its races are tested end to end.
 */
class CustomerTest {

    private AggregateTestFixture<Customer> testSubject;
    private CustomerRegistry registry;

    @BeforeEach
    void setUp() {
        registry = mock(CustomerRegistry.class);
        testSubject = new AggregateTestFixture<>(Customer.class);
        testSubject.registerInjectableResource(registry);
    }

    @Test
    void registeringACustomerClaimsItsEmailAndRecordsIt() {
        testSubject.givenNoPriorActivity()
                .when(new RegisterCustomer(ID, EMAIL, NAME))
                .expectSuccessfulHandlerExecution()
                .expectEvents(registered());

        verify(registry).register(ID, EMAIL);
    }

    @Test
    void registeringKeepsTheEmailAsGiven() {
        testSubject.givenNoPriorActivity()
                .when(new RegisterCustomer(ID, "Ada.Lovelace@Example.COM", NAME))
                .expectEvents(new CustomerRegistered(ID, "Ada.Lovelace@Example.COM", NAME));
    }

    @Test
    void registeringAnEmailALiveCustomerHasIsRejectedAndRecordsNothing() {
        emailIsTaken(registry);

        testSubject.givenNoPriorActivity()
                .when(new RegisterCustomer(ID, EMAIL, NAME))
                .expectException(DuplicateEntityException.class)
                .expectNoEvents();
    }

    @Test
    void deletingACustomerFreesItsEmailAndAnswersTheVersionOfTheDeletion() {
        testSubject.given(registered(), new CustomerUpdated(ID, null, "Ada King"))
                .when(new DeleteCustomer(ID, null))
                .expectEvents(new CustomerDeleted(ID))
                .expectResultMessagePayload(2L)
                .expectMarkedDeleted();

        verify(registry).remove(ID);
    }

    @Test
    void deletingWithTheCurrentVersionSucceeds() {
        testSubject.given(registered())
                .when(new DeleteCustomer(ID, 0L))
                .expectEvents(new CustomerDeleted(ID))
                .expectResultMessagePayload(1L);
    }

    @Test
    void deletingWithAStaleVersionIsRejectedAndKeepsTheEmail() {
        testSubject.given(registered(), new CustomerUpdated(ID, null, "Ada King"))
                .when(new DeleteCustomer(ID, 0L))
                .expectException(versionConflict(0, 1))
                .expectNoEvents();

        verifyNoInteractions(registry);
    }

    @Test
    void updatingADeletedCustomerFailsAsIfItDidNotExist() {
        testSubject.given(registered(), new CustomerDeleted(ID))
                .when(new UpdateCustomer(ID, null, "Ada", null))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();

        verifyNoInteractions(registry);
    }

    @Test
    void deletingADeletedCustomerAgainFails() {
        testSubject.given(registered(), new CustomerDeleted(ID))
                .when(new DeleteCustomer(ID, null))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();

        verifyNoInteractions(registry);
    }

    @Test
    void deletingAnUnknownCustomerFails() {
        testSubject.givenNoPriorActivity()
                .when(new DeleteCustomer(ID, null))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
