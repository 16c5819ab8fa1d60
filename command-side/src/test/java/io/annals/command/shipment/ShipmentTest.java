package io.annals.command.shipment;

import io.annals.kernel.shipment.RecordShipment;
import io.annals.kernel.shipment.RecordShipmentFailure;
import io.annals.kernel.shipment.ShipmentCreated;
import io.annals.kernel.shipment.ShipmentFailed;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shipment aggregate's decisions: created once per id, a repeat changes nothing. */
class ShipmentTest {

    private static final String SHIPMENT_ID = "ship-1";
    private static final String ORDER_ID = "order-1";
    private static final String TRACKING = "TRACK-123";

    private AggregateTestFixture<Shipment> testSubject;

    @BeforeEach
    void setUp() {
        testSubject = new AggregateTestFixture<>(Shipment.class);
    }

    @Test
    void recordingAShipmentCreatesItWithItsTrackingNumber() {
        testSubject.givenNoPriorActivity()
                .when(new RecordShipment(SHIPMENT_ID, ORDER_ID, TRACKING))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ShipmentCreated(SHIPMENT_ID, ORDER_ID, TRACKING))
                .expectResultMessagePayload(true);
    }

    @Test
    void recordingAFailedShipmentCreatesIt() {
        testSubject.givenNoPriorActivity()
                .when(new RecordShipmentFailure(SHIPMENT_ID, ORDER_ID, "carrier refused"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ShipmentFailed(SHIPMENT_ID, ORDER_ID, "carrier refused"))
                .expectResultMessagePayload(true);
    }

    @Test
    void recordingAShipmentIdTwiceChangesNothing() {
        testSubject.given(new ShipmentCreated(SHIPMENT_ID, ORDER_ID, TRACKING))
                .when(new RecordShipment(SHIPMENT_ID, ORDER_ID, "OTHER-456"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void recordingAFailureForACreatedShipmentChangesNothing() {
        testSubject.given(new ShipmentCreated(SHIPMENT_ID, ORDER_ID, TRACKING))
                .when(new RecordShipmentFailure(SHIPMENT_ID, ORDER_ID, "timeout"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void recordingAShipmentForAFailedIdChangesNothing() {
        testSubject.given(new ShipmentFailed(SHIPMENT_ID, ORDER_ID, "carrier refused"))
                .when(new RecordShipment(SHIPMENT_ID, ORDER_ID, TRACKING))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void recordingAFailureTwiceChangesNothing() {
        testSubject.given(new ShipmentFailed(SHIPMENT_ID, ORDER_ID, "carrier refused"))
                .when(new RecordShipmentFailure(SHIPMENT_ID, ORDER_ID, "carrier refused"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }
}
