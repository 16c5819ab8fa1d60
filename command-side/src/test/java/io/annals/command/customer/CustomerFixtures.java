package io.annals.command.customer;

import io.annals.kernel.customer.CustomerRegistered;
import io.annals.kernel.error.DuplicateEntityException;
import io.annals.kernel.error.VersionConflictException;
import org.hamcrest.Matcher;

import static org.axonframework.test.matchers.Matchers.predicate;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;

/** One customer and the answers of its registry double, shared by the customer aggregate's tests. */
final class CustomerFixtures {

    static final String ID = "3f1c1e4e-7d1a-4f55-9a55-0c7f7f1d2a10";
    static final String EMAIL = "ada@example.com";
    static final String NAME = "Ada Lovelace";

    private CustomerFixtures() {
    }

    static CustomerRegistered registered() {
        return new CustomerRegistered(ID, EMAIL, NAME);
    }

    static Matcher<Object> versionConflict(long expected, long actual) {
        return predicate(e -> e instanceof VersionConflictException conflict
                && conflict.expectedVersion() == expected && conflict.actualVersion() == actual);
    }

    /** The registry double answers that every email is taken. */
    static void emailIsTaken(CustomerRegistry registry) {
        doThrow(new DuplicateEntityException("a customer with this email exists"))
                .when(registry).register(anyString(), anyString());
        doThrow(new DuplicateEntityException("a customer with this email exists"))
                .when(registry).changeEmail(anyString(), anyString());
    }
}
