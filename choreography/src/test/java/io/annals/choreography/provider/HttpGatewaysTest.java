package io.annals.choreography.provider;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.annals.choreography.circuit.CircuitBreakerSettings;
import io.annals.choreography.circuit.RetrySettings;
import io.annals.kernel.Money;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.OrderLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateways against a stub provider: the wire format and headers, a declined request failing at once, transient
 * failures retried, and the retries running out. The circuits stay closed here (a large window); opening them is
 * {@link ProviderOutageTest}'s subject.
 */
class HttpGatewaysTest {

    @RegisterExtension
    static final WireMockExtension provider = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final Money AMOUNT = new Money(new BigDecimal("12.5"), "EUR");
    private static final String CHARGES = "/payment/charges";
    private static final String SHIPMENTS = "/shipping/shipments";
    private static final String BATCHES = "/notification/batches";
    private static final int MAX_ATTEMPTS = 3;

    private ApplicationContextRunner context() {
        return ProviderContexts.against(provider.baseUrl(),
                "annals.providers.payment.circuit-breaker.minimum-number-of-calls=100",
                "annals.providers.shipping.circuit-breaker.minimum-number-of-calls=100",
                "annals.providers.notification.circuit-breaker.minimum-number-of-calls=100");
    }

    private static String id(String label) {
        return label + "-" + UUID.randomUUID();
    }

    @Test
    void aChargeSendsTheWireFormatWithItsPaymentIdAsIdempotencyKeyAndBasicCredentials() {
        String paymentId = id("pay");
        provider.stubFor(post(CHARGES).willReturn(okJson("{\"providerReference\": \"ref-1\"}")));

        context().run(context -> {
            PaymentReceipt receipt = context.getBean(PaymentGateway.class).charge(paymentId, "order-1", AMOUNT);

            assertThat(receipt).isEqualTo(new PaymentReceipt("ref-1"));
        });
        provider.verify(1, postRequestedFor(urlEqualTo(CHARGES))
                .withHeader("Idempotency-Key", equalTo(paymentId))
                .withBasicAuth(new BasicCredentials(ProviderContexts.USER,
                        ProviderContexts.PASSWORD))
                .withRequestBody(equalToJson("""
                        {"paymentId": "%s", "orderId": "order-1", "amount": {"amount": "12.50", "currency": "EUR"}}"""
                        .formatted(paymentId))));
    }

    @Test
    void aRefundIsKeyedByRefundAndThePaymentId() {
        String paymentId = id("pay");
        provider.stubFor(post("/payment/refunds").willReturn(okJson("{\"refundReference\": \"r-1\"}")));

        context().run(context -> context.getBean(PaymentGateway.class).refund(paymentId, AMOUNT));

        provider.verify(1, postRequestedFor(urlEqualTo("/payment/refunds"))
                .withHeader("Idempotency-Key", equalTo("refund-" + paymentId))
                .withRequestBody(equalToJson("""
                        {"paymentId": "%s", "amount": {"amount": "12.50", "currency": "EUR"}}""".formatted(paymentId))));
    }

    @Test
    void aDeclinedChargeFailsAtOnceWithoutRetry() {
        provider.stubFor(post(CHARGES).willReturn(aResponse().withStatus(402)));

        context().run(context -> assertThatThrownBy(() ->
                context.getBean(PaymentGateway.class).charge(id("pay"), "order-1", AMOUNT))
                .isInstanceOf(ProviderFailedException.class)
                .hasMessageContaining("402"));
        provider.verify(1, postRequestedFor(urlEqualTo(CHARGES)));
    }

    @Test
    void aChargeFailingTransientlyIsRetriedUntilItSucceeds() {
        provider.stubFor(post(CHARGES).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        provider.stubFor(post(CHARGES).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        provider.stubFor(post(CHARGES).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson("{\"providerReference\": \"ref-3\"}")));
        String paymentId = id("pay");

        context().run(context -> assertThat(context.getBean(PaymentGateway.class).charge(paymentId, "o", AMOUNT))
                .isEqualTo(new PaymentReceipt("ref-3")));
        // every attempt carries the same key, so the provider charges once
        provider.verify(MAX_ATTEMPTS, postRequestedFor(urlEqualTo(CHARGES))
                .withHeader("Idempotency-Key", equalTo(paymentId)));
    }

    @Test
    void aChargeStillFailingAfterTheRetriesFails() {
        provider.stubFor(post(CHARGES).willReturn(aResponse().withStatus(503)));

        context().run(context -> assertThatThrownBy(() ->
                context.getBean(PaymentGateway.class).charge(id("pay"), "order-1", AMOUNT))
                .isInstanceOf(ProviderFailedException.class)
                .hasMessageContaining("503"));
        provider.verify(MAX_ATTEMPTS, postRequestedFor(urlEqualTo(CHARGES)));
    }

    @Test
    void aProviderTooSlowForTheReadTimeoutCountsAsTransientFailure() {
        provider.stubFor(post(CHARGES).willReturn(okJson("{\"providerReference\": \"late\"}")
                .withFixedDelay(1_500)));

        context().run(context -> assertThatThrownBy(() ->
                context.getBean(PaymentGateway.class).charge(id("pay"), "order-1", AMOUNT))
                .isInstanceOf(ProviderFailedException.class)
                .hasMessageContaining("unreachable"));
        provider.verify(MAX_ATTEMPTS, postRequestedFor(urlEqualTo(CHARGES)));
    }

    @Test
    void aShipmentSendsAddressAndLinesAndAnswersTheTrackingNumber() {
        String shipmentId = id("ship");
        provider.stubFor(post(SHIPMENTS).willReturn(okJson("{\"trackingNumber\": \"TRK-9\"}")));
        Address address = new Address("1 Analytical Way", "London", "NW1 6XE", "GB");
        List<OrderLine> lines = List.of(new OrderLine("TEA-1", 2, AMOUNT));

        context().run(context -> assertThat(context.getBean(ShippingGateway.class)
                .createShipment(shipmentId, "order-2", address, lines)).isEqualTo(new ShipmentReceipt("TRK-9")));

        provider.verify(1, postRequestedFor(urlEqualTo(SHIPMENTS))
                .withHeader("Idempotency-Key", equalTo(shipmentId))
                .withRequestBody(equalToJson("""
                        {"shipmentId": "%s", "orderId": "order-2",
                         "address": {"line1": "1 Analytical Way", "city": "London", "postalCode": "NW1 6XE",
                                     "country": "GB"},
                         "lines": [{"sku": "TEA-1", "quantity": 2}]}""".formatted(shipmentId))));
    }

    @Test
    void aDeclinedShipmentFailsWithoutRetry() {
        provider.stubFor(post(SHIPMENTS).willReturn(aResponse().withStatus(422)));

        context().run(context -> assertThatThrownBy(() -> context.getBean(ShippingGateway.class)
                .createShipment(id("ship"), "o", new Address("l", "c", "p", "GB"), List.of()))
                .isInstanceOf(ProviderFailedException.class));
        provider.verify(1, postRequestedFor(urlEqualTo(SHIPMENTS)));
    }

    @Test
    void aShipmentFailingUntilTheRetriesRunOutFails() {
        provider.stubFor(post(SHIPMENTS).willReturn(aResponse().withStatus(502)));

        context().run(context -> assertThatThrownBy(() -> context.getBean(ShippingGateway.class)
                .createShipment(id("ship"), "o", new Address("l", "c", "p", "GB"), List.of()))
                .isInstanceOf(ProviderFailedException.class));
        provider.verify(MAX_ATTEMPTS, postRequestedFor(urlEqualTo(SHIPMENTS)));
    }

    @Test
    void aShipmentFailingOnceIsRetried() {
        provider.stubFor(post(SHIPMENTS).inScenario("ship").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        provider.stubFor(post(SHIPMENTS).inScenario("ship").whenScenarioStateIs("up")
                .willReturn(okJson("{\"trackingNumber\": \"TRK-2\"}")));

        context().run(context -> assertThat(context.getBean(ShippingGateway.class)
                .createShipment(id("ship"), "o", new Address("l", "c", "p", "GB"), List.of()).trackingNumber())
                .isEqualTo("TRK-2"));
        provider.verify(2, postRequestedFor(urlEqualTo(SHIPMENTS)));
    }

    @Test
    void confirmationsGoInOneBatchKeyedByTheBatchId() {
        String batchId = id("batch");
        provider.stubFor(post(BATCHES).willReturn(okJson("{\"delivered\": 2}")));

        context().run(context -> context.getBean(NotificationGateway.class).sendConfirmations(batchId, List.of(
                new Confirmation("o-1", "a@example.com", "T1"), new Confirmation("o-2", "b@example.com", "T2"))));

        provider.verify(1, postRequestedFor(urlEqualTo(BATCHES))
                .withHeader("Idempotency-Key", equalTo(batchId))
                .withRequestBody(equalToJson("""
                        {"batchId": "%s", "confirmations": [
                          {"orderId": "o-1", "email": "a@example.com", "trackingNumber": "T1"},
                          {"orderId": "o-2", "email": "b@example.com", "trackingNumber": "T2"}]}"""
                        .formatted(batchId))));
    }

    @Test
    void aDeclinedBatchFailsWithoutRetry() {
        provider.stubFor(post(BATCHES).willReturn(aResponse().withStatus(400)));

        context().run(context -> assertThatThrownBy(() -> context.getBean(NotificationGateway.class)
                .sendConfirmations(id("batch"), List.of())).isInstanceOf(ProviderFailedException.class));
        provider.verify(1, postRequestedFor(urlEqualTo(BATCHES)));
    }

    @Test
    void aBatchFailingTransientlyIsRetriedThenFails() {
        provider.stubFor(post(BATCHES).willReturn(aResponse().withStatus(500)));

        context().run(context -> assertThatThrownBy(() -> context.getBean(NotificationGateway.class)
                .sendConfirmations(id("batch"), List.of())).isInstanceOf(ProviderFailedException.class));
        provider.verify(MAX_ATTEMPTS, postRequestedFor(urlEqualTo(BATCHES)));
    }

    @Test
    void aBatchFailingOnceIsRetried() {
        provider.stubFor(post(BATCHES).inScenario("mail").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
        provider.stubFor(post(BATCHES).inScenario("mail").whenScenarioStateIs("up")
                .willReturn(okJson("{\"delivered\": 0}")));

        context().run(context -> context.getBean(NotificationGateway.class).sendConfirmations(id("batch"),
                List.of()));
        provider.verify(2, postRequestedFor(urlEqualTo(BATCHES)));
    }

    @Test
    void anUnreachableProviderFailsAfterTheRetries() {
        // a port nothing listens on: connection refused at once
        ProviderContexts.against("http://127.0.0.1:1").run(context -> assertThatThrownBy(() ->
                context.getBean(PaymentGateway.class).charge(id("pay"), "o", AMOUNT))
                .isInstanceOf(ProviderFailedException.class));
    }

    @Test
    void aProviderWithoutBaseUrlNeedsTheSandbox() {
        ProviderContexts.against(provider.baseUrl(), "annals.providers.shipping.base-url=")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("annals.providers.shipping.base-url"));
    }

    @Test
    void outOfRangeSettingsStopTheStart() {
        ProviderContexts.against(provider.baseUrl(),
                        "annals.providers.payment.circuit-breaker.failure-rate-threshold=1.5")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("failureRateThreshold"));
    }

    @Test
    void unsetSettingsTakeTheDocumentedDefaultsAndThePasswordIsNeverPrinted() {
        new ApplicationContextRunner().withUserConfiguration(ProviderConfiguration.class)
                .withPropertyValues("annals.providers.payment.base-url=http://pay",
                        "annals.providers.payment.password=" + ProviderContexts.PASSWORD,
                        "annals.providers.shipping.base-url=http://ship",
                        "annals.providers.notification.base-url=http://mail")
                .run(context -> {
                    ProvidersProperties properties = context.getBean(ProvidersProperties.class);
                    ProvidersProperties.Provider payment = properties.payment();
                    assertThat(payment.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(payment.readTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(payment.circuitBreaker()).isEqualTo(new CircuitBreakerSettings(0.5, 20,
                            10, Duration.ofSeconds(10), 3, Duration.ofSeconds(30)));
                    assertThat(payment.retry()).isEqualTo(new RetrySettings(3,
                            Duration.ofMillis(50), 2, 0.5, Duration.ofSeconds(2)));
                    assertThat(properties.notification().circuitBreaker()).isEqualTo(payment.circuitBreaker());
                    assertThat(properties.toString()).doesNotContain(ProviderContexts.PASSWORD);
                });
    }
}
