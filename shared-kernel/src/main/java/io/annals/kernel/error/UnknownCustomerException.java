package io.annals.kernel.error;

/** An order names a customer that does not exist or was deleted (answered 422 /unknown-customer). */
public class UnknownCustomerException extends RuntimeException {

    public UnknownCustomerException(String customerId) {
        super("no customer " + customerId);
    }
}
