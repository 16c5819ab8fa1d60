package io.annals.command.payment;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.annals.kernel.Money;
import io.annals.kernel.payment.PaymentFailed;
import io.annals.kernel.payment.PaymentRefunded;
import io.annals.kernel.payment.PaymentTaken;
import io.annals.kernel.payment.RecordPayment;
import io.annals.kernel.payment.RecordPaymentFailure;
import io.annals.kernel.payment.RefundPayment;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment aggregate's decisions, given its past events. Every command the saga sends for an id it already used
 * answers "nothing changed" instead of throwing.
 */
class PaymentTest {

    private static final String PAYMENT_ID = "pay-1";
    private static final String ORDER_ID = "order-1";
    private static final Money AMOUNT = new Money(new BigDecimal("20.29"), "EUR");

    private AggregateTestFixture<Payment> testSubject;

    @BeforeEach
    void setUp() {
        testSubject = new AggregateTestFixture<>(Payment.class);
    }

    private static PaymentTaken taken() {
        return new PaymentTaken(PAYMENT_ID, ORDER_ID, AMOUNT, "psp-77");
    }

    private static PaymentFailed failed() {
        return new PaymentFailed(PAYMENT_ID, ORDER_ID, AMOUNT, "card declined", false);
    }

    // --- recording ---

    @Test
    void recordingATakenPaymentCreatesIt() {
        testSubject.givenNoPriorActivity()
                .when(new RecordPayment(PAYMENT_ID, ORDER_ID, AMOUNT, "psp-77"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(taken())
                .expectResultMessagePayload(true);
    }

    @Test
    void recordingAFailedPaymentCreatesIt() {
        testSubject.givenNoPriorActivity()
                .when(new RecordPaymentFailure(PAYMENT_ID, ORDER_ID, AMOUNT, "card declined"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(failed())
                .expectResultMessagePayload(true);
    }

    @Test
    void recordingAPaymentIdTwiceChangesNothing() {
        testSubject.given(taken())
                .when(new RecordPayment(PAYMENT_ID, ORDER_ID, AMOUNT, "psp-78"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void recordingAFailureForATakenPaymentChangesNothing() {
        testSubject.given(taken())
                .when(new RecordPaymentFailure(PAYMENT_ID, ORDER_ID, AMOUNT, "timeout"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void recordingAFailureTwiceChangesNothing() {
        testSubject.given(failed())
                .when(new RecordPaymentFailure(PAYMENT_ID, ORDER_ID, AMOUNT, "card declined"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void recordingATakenPaymentForAFailedIdChangesNothing() {
        testSubject.given(failed())
                .when(new RecordPayment(PAYMENT_ID, ORDER_ID, AMOUNT, "psp-77"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    // --- refunding ---

    @Test
    void refundingATakenPaymentReturnsTheWholeAmount() {
        testSubject.given(taken())
                .when(new RefundPayment(PAYMENT_ID, "out of stock"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PaymentRefunded(PAYMENT_ID, ORDER_ID, AMOUNT, "out of stock"))
                .expectResultMessagePayload(true);
    }

    @Test
    void refundingTwiceRefundsOnce() {
        testSubject.given(taken(), new PaymentRefunded(PAYMENT_ID, ORDER_ID, AMOUNT, "out of stock"))
                .when(new RefundPayment(PAYMENT_ID, "again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void refundingAFailedPaymentChangesNothing() {
        testSubject.given(failed())
                .when(new RefundPayment(PAYMENT_ID, "shipping failed"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aSnapshotKeepsTheAmountAndStatus() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(mapper).defaultTyping().build();
        testSubject.given(taken())
                .when(new RefundPayment(PAYMENT_ID, "out of stock"))
                .expectState(payment -> {
                    SerializedObject<byte[]> snapshot = serializer.serialize(payment, byte[].class);
                    Payment restored = serializer.deserialize(snapshot);

                    assertThat(new String(snapshot.getData(), StandardCharsets.UTF_8))
                            .contains("\"20.29\"", "REFUNDED", ORDER_ID);
                    assertThat(serializer.serialize(restored, byte[].class).getData()).isEqualTo(snapshot.getData());
                });
    }

    @Test
    void refundingAPaymentThatWasNeverRecordedFails() {
        testSubject.givenNoPriorActivity()
                .when(new RefundPayment(PAYMENT_ID, "why"))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
