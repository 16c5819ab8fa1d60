package io.annals.app.provider;

import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import io.annals.choreography.provider.Confirmation;
import io.annals.choreography.provider.NotificationGateway;
import io.annals.choreography.provider.PaymentGateway;
import io.annals.choreography.provider.PaymentReceipt;
import io.annals.choreography.provider.ProviderFailedException;
import io.annals.choreography.provider.ProviderUnavailableException;
import io.annals.choreography.provider.ShippingGateway;
import io.annals.kernel.Money;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.OrderLine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static io.annals.app.test.ApiClient.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateways against the application's own sandbox providers (demo profile: no base URL configured). Circuits and
 * sandbox settings are shared by every end-to-end test, so each test leaves both as it found them.
 */
@EndToEndTest
class SandboxGatewayTest {

    private static final Money AMOUNT = new Money(new BigDecimal("7.25"), "EUR");
    private static final Address ADDRESS = new Address("1 Analytical Way", "London", "NW1 6XE", "GB");

    private final ApiClient admin;
    private final PaymentGateway payments;
    private final ShippingGateway shipping;
    private final NotificationGateway notifications;

    SandboxGatewayTest(@LocalServerPort int port, @Autowired PaymentGateway payments,
                       @Autowired ShippingGateway shipping, @Autowired NotificationGateway notifications) {
        this.admin = ApiClient.onPort(port).as(ADMIN);
        this.payments = payments;
        this.shipping = shipping;
        this.notifications = notifications;
    }

    @AfterEach
    void restoreSandboxAndCircuits() {
        for (String provider : new String[]{"payment", "shipping", "notification"}) {
            assertThat(admin.put("/api/admin/sandbox/" + provider, "{\"failureRate\": 0, \"latencyMs\": 0}")
                    .status()).isEqualTo(200);
            assertThat(admin.post("/api/admin/circuits/" + provider + "/reset", "").status()).isEqualTo(200);
        }
    }

    private static String id(String label) {
        return label + "-" + UUID.randomUUID();
    }

    @Test
    void aChargeSucceedsAndARepeatGetsTheSameReference() {
        String paymentId = id("pay");

        PaymentReceipt first = payments.charge(paymentId, id("order"), AMOUNT);
        PaymentReceipt again = payments.charge(paymentId, id("order"), AMOUNT);

        assertThat(first.providerReference()).isNotBlank();
        assertThat(again).isEqualTo(first);
        payments.refund(paymentId, AMOUNT);
        assertThat(admin.get("/api/admin/circuits").json().get(0).path("lastSuccessAt").isString()).isTrue();
    }

    @Test
    void shipmentsAndConfirmationsGoThroughTheSandbox() {
        String orderId = id("order");

        String tracking = shipping.createShipment(id("ship"), orderId, ADDRESS,
                List.of(new OrderLine("TEA-1", 2, AMOUNT))).trackingNumber();
        notifications.sendConfirmations(id("batch"), List.of(new Confirmation(orderId, "buyer@example.com", tracking)));

        assertThat(tracking).isNotBlank();
    }

    @Test
    void aSandboxThatAlwaysFailsMakesTheChargeFail() {
        assertThat(admin.put("/api/admin/sandbox/payment", "{\"failureRate\": 1, \"latencyMs\": 0}").status())
                .isEqualTo(200);

        // failed after the retries, or refused once the failures opened the circuit: either way no receipt
        assertThatThrownBy(() -> payments.charge(id("pay"), id("order"), AMOUNT))
                .isInstanceOfAny(ProviderFailedException.class, ProviderUnavailableException.class);
        assertThat(admin.get("/api/admin/circuits").json().get(0).path("lastFailureAt").isString()).isTrue();
    }
}
