package io.annals.kernel.order;

import org.axonframework.serialization.Revision;

/** The customer is to be told that the order shipped under {@code trackingNumber}. Personal data: the email. */
@Revision("1")
public record ConfirmationRequested(String orderId,
                                    String customerEmail,
                                    String trackingNumber) implements OrderWorkflowEvent {
}
