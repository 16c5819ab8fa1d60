package io.annals.command.order;

import io.annals.kernel.error.StateConflictException;
import io.annals.kernel.order.CancelOrderByCustomer;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.ConfirmationRequested;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.order.PostponeShipment;
import io.annals.kernel.order.RequestConfirmation;
import io.annals.kernel.order.RequestShipment;
import io.annals.kernel.order.ShipmentPostponed;
import io.annals.kernel.order.ShipmentRequested;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.annals.command.order.OrderHistory.*;

/**
 * The order records the shipment and confirmation the workflow asks for, with the facts of its placement (address,
 * lines, email), once per attempt; and while the carrier is being asked, the customer can no longer cancel.
 */
class OrderProviderRequestsTest {

    private AggregateTestFixture<Order> testSubject;

    @BeforeEach
    void setUp() {
        testSubject = orderFixture(liveCustomers());
    }

    @Test
    void aPaidOrderAsksForItsShipmentWithAddressAndLines() {
        testSubject.given(historyUpTo(OrderStatus.PAID))
                .when(new RequestShipment(ORDER_ID, SHIPMENT_ID))
                .expectEvents(new ShipmentRequested(ORDER_ID, SHIPMENT_ID, ADDRESS, LINES))
                .expectResultMessagePayload(true);
    }

    @Test
    void whileTheCarrierIsAskedTheCustomerCannotCancel() {
        testSubject.given(with(historyUpTo(OrderStatus.PAID), new ShipmentRequested(ORDER_ID, SHIPMENT_ID, ADDRESS, LINES)))
                .when(new CancelOrderByCustomer(ORDER_ID, "changed my mind", null))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void aPostponedShipmentLetsTheCustomerCancelAgainAndMayBeAskedForAgain() {
        List<Object> postponed = with(historyUpTo(OrderStatus.PAID),
                new ShipmentRequested(ORDER_ID, SHIPMENT_ID, ADDRESS, LINES),
                new ShipmentPostponed(ORDER_ID, SHIPMENT_ID, "open"));
        testSubject.given(with(historyUpTo(OrderStatus.PAID), new ShipmentRequested(ORDER_ID, SHIPMENT_ID, ADDRESS, LINES)))
                .when(new PostponeShipment(ORDER_ID, SHIPMENT_ID, "open"))
                .expectEvents(new ShipmentPostponed(ORDER_ID, SHIPMENT_ID, "open"));
        testSubject.given(postponed)
                .when(new CancelOrderByCustomer(ORDER_ID, "changed my mind", null))
                .expectEvents(new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "changed my mind"));
        testSubject.given(postponed)
                .when(new RequestShipment(ORDER_ID, SHIPMENT_ID))
                .expectEvents(new ShipmentRequested(ORDER_ID, SHIPMENT_ID, ADDRESS, LINES));
    }

    @Test
    void aShippedOrderAsksForTheConfirmationToItsCustomerWithTheTrackingNumber() {
        testSubject.given(historyUpTo(OrderStatus.SHIPPED))
                .when(new RequestConfirmation(ORDER_ID))
                .expectEvents(new ConfirmationRequested(ORDER_ID, EMAIL, TRACKING));
        testSubject.given(historyUpTo(OrderStatus.PAID))
                .when(new RequestConfirmation(ORDER_ID))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    private static List<Object> with(List<Object> history, Object... more) {
        List<Object> events = new ArrayList<>(history);
        events.addAll(List.of(more));
        return events;
    }
}
