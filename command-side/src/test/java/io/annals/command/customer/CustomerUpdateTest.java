package io.annals.command.customer;

import io.annals.kernel.customer.CustomerUpdated;
import io.annals.kernel.customer.UpdateCustomer;
import io.annals.kernel.error.DuplicateEntityException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.annals.command.customer.CustomerFixtures.*;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The customer aggregate's decisions on updates, given its past events. The {@link CustomerRegistry} is a test
 * double here: its answers (email free or taken) are the aggregate's input; the real table is tested end to end.
 */
class CustomerUpdateTest {

    private AggregateTestFixture<Customer> testSubject;
    private CustomerRegistry registry;

    @BeforeEach
    void setUp() {
        registry = mock(CustomerRegistry.class);
        testSubject = new AggregateTestFixture<>(Customer.class);
        testSubject.registerInjectableResource(registry);
    }

    @Test
    void updatingTheEmailMovesTheCustomerInTheRegistryAndRecordsOnlyTheEmail() {
        testSubject.given(registered())
                .when(new UpdateCustomer(ID, "ada@lovelace.org", null, null))
                .expectEvents(new CustomerUpdated(ID, "ada@lovelace.org", null))
                .expectResultMessagePayload(1L);

        verify(registry).changeEmail(ID, "ada@lovelace.org");
    }

    @Test
    void updatingTheNameRecordsOnlyTheNameAndLeavesTheRegistryAlone() {
        testSubject.given(registered())
                .when(new UpdateCustomer(ID, null, "Augusta Ada King", null))
                .expectEvents(new CustomerUpdated(ID, null, "Augusta Ada King"))
                .expectResultMessagePayload(1L);

        verifyNoInteractions(registry);
    }

    @Test
    void updatingEmailAndNameTogetherRecordsOneEvent() {
        testSubject.given(registered())
                .when(new UpdateCustomer(ID, "ada@lovelace.org", "Augusta Ada King", null))
                .expectEvents(new CustomerUpdated(ID, "ada@lovelace.org", "Augusta Ada King"))
                .expectResultMessagePayload(1L);
    }

    @Test
    void changingOnlyTheCaseOfTheEmailRecordsItWithoutClaimingItAgain() {
        testSubject.given(registered())
                .when(new UpdateCustomer(ID, "ADA@example.com", null, null))
                .expectEvents(new CustomerUpdated(ID, "ADA@example.com", null))
                .expectResultMessagePayload(1L);

        verify(registry, never()).changeEmail(anyString(), anyString());
    }

    @Test
    void anUpdateThatChangesNothingRecordsNothingAndKeepsTheVersion() {
        testSubject.given(registered(), new CustomerUpdated(ID, null, "Ada King"))
                .when(new UpdateCustomer(ID, EMAIL, "Ada King", null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(1L);

        verifyNoInteractions(registry);
    }

    @Test
    void anUpdateRecordsOnlyTheFieldThatActuallyChanged() {
        testSubject.given(registered())
                .when(new UpdateCustomer(ID, EMAIL, "Ada King", null))
                .expectEvents(new CustomerUpdated(ID, null, "Ada King"));

        verifyNoInteractions(registry);
    }

    @Test
    void updatingToAnEmailALiveCustomerHasIsRejectedAndRecordsNothing() {
        emailIsTaken(registry);

        testSubject.given(registered())
                .when(new UpdateCustomer(ID, "taken@example.com", "New Name", null))
                .expectException(DuplicateEntityException.class)
                .expectNoEvents();
    }

    @Test
    void anUpdateWithTheCurrentVersionSucceeds() {
        testSubject.given(registered(), new CustomerUpdated(ID, null, "Ada King"))
                .when(new UpdateCustomer(ID, null, "Ada", 1L))
                .expectEvents(new CustomerUpdated(ID, null, "Ada"))
                .expectResultMessagePayload(2L);
    }

    @Test
    void anUpdateWithAStaleVersionIsRejectedWithExpectedAndActualVersion() {
        testSubject.given(registered(), new CustomerUpdated(ID, null, "Ada King"))
                .when(new UpdateCustomer(ID, "ada@lovelace.org", null, 0L))
                .expectException(versionConflict(0, 1))
                .expectNoEvents();

        verifyNoInteractions(registry);
    }

    @Test
    void updatingAnUnknownCustomerFails() {
        testSubject.givenNoPriorActivity()
                .when(new UpdateCustomer(ID, null, "Ada", null))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
