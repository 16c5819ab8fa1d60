package io.annals.choreography.sandbox;

import io.annals.choreography.provider.ProviderWire;
import io.annals.kernel.error.RuleViolationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The simulated providers, speaking {@link ProviderWire}: each call waits the provider's latency, fails with 503 at
 * its failure rate, and otherwise answers; a repeated {@code Idempotency-Key} gets the first successful answer. Only
 * WRITERs may call them (see the security configuration), as only writers may start what calls a provider.
 */
@RestController
@RequestMapping(SandboxProviderController.ROOT)
@Conditional(SandboxEnabledCondition.class)
@Tag(name = "Sandbox")
class SandboxProviderController {

    static final String ROOT = "/sandbox";
    /** As API.md's {@code Idempotency-Key}: remembered keys are bounded in number and, by this, in size. */
    static final int MAX_KEY_LENGTH = 200;
    private static final int TRACKING_DIGITS = 12;

    private final SandboxProviders providers;

    SandboxProviderController(SandboxProviders providers) {
        this.providers = providers;
    }

    @Operation(summary = "Sandbox payment provider: take a payment")
    @Parameter(name = ProviderWire.IDEMPOTENCY_KEY, required = true,
            description = "1..200 characters; a repeat gets the first successful answer")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"paymentId": "pay-1", "orderId": "order-1", "amount": {"amount": "25.00", "currency": "EUR"}}""")))
    @ApiResponse(responseCode = "200", description = "Done")
    @ApiResponse(responseCode = "503", description = "A simulated failure, at the provider's failure rate")
    @PostMapping("/payment" + ProviderWire.CHARGES)
    ResponseEntity<?> charge(@RequestHeader(name = ProviderWire.IDEMPOTENCY_KEY, required = false) String key,
                             @RequestBody ProviderWire.ChargeRequest charge) {
        return serve("payment", ProviderWire.CHARGES, key,
                () -> new ProviderWire.ChargeAnswer("sbx-pay-" + UUID.randomUUID()));
    }

    @Operation(summary = "Sandbox payment provider: refund a payment")
    @Parameter(name = ProviderWire.IDEMPOTENCY_KEY, required = true,
            description = "1..200 characters; a repeat gets the first successful answer")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"paymentId": "pay-1", "amount": {"amount": "25.00", "currency": "EUR"}}""")))
    @ApiResponse(responseCode = "200", description = "Done")
    @ApiResponse(responseCode = "503", description = "A simulated failure, at the provider's failure rate")
    @PostMapping("/payment" + ProviderWire.REFUNDS)
    ResponseEntity<?> refund(@RequestHeader(name = ProviderWire.IDEMPOTENCY_KEY, required = false) String key,
                             @RequestBody ProviderWire.RefundRequest refund) {
        return serve("payment", ProviderWire.REFUNDS, key,
                () -> new ProviderWire.RefundAnswer("sbx-ref-" + UUID.randomUUID()));
    }

    @Operation(summary = "Sandbox shipping provider: create a shipment")
    @Parameter(name = ProviderWire.IDEMPOTENCY_KEY, required = true,
            description = "1..200 characters; a repeat gets the first successful answer")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"shipmentId": "ship-1", "orderId": "order-1", "address": {"line1": "1 Analytical Way", "city": "London",
             "postalCode": "N1 9GU", "country": "GB"}, "lines": [{"sku": "WIDGET-1", "quantity": 2}]}""")))
    @ApiResponse(responseCode = "200", description = "Done")
    @ApiResponse(responseCode = "503", description = "A simulated failure, at the provider's failure rate")
    @PostMapping("/shipping" + ProviderWire.SHIPMENTS)
    ResponseEntity<?> ship(@RequestHeader(name = ProviderWire.IDEMPOTENCY_KEY, required = false) String key,
                           @RequestBody ProviderWire.ShipmentRequest shipment) {
        return serve("shipping", ProviderWire.SHIPMENTS, key,
                () -> new ProviderWire.ShipmentAnswer("SBX" + UUID.randomUUID().toString()
                        .replace("-", "").substring(0, TRACKING_DIGITS).toUpperCase()));
    }

    @Operation(summary = "Sandbox notification provider: send a batch of order confirmations")
    @Parameter(name = ProviderWire.IDEMPOTENCY_KEY, required = true,
            description = "1..200 characters; a repeat gets the first successful answer")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"batchId": "batch-1", "confirmations": [{"orderId": "order-1", "email": "ada@example.com",
             "trackingNumber": "SBX1A2B3C4D5E6F"}]}""")))
    @ApiResponse(responseCode = "200", description = "Done")
    @ApiResponse(responseCode = "503", description = "A simulated failure, at the provider's failure rate")
    @PostMapping("/notification" + ProviderWire.BATCHES)
    ResponseEntity<?> send(@RequestHeader(name = ProviderWire.IDEMPOTENCY_KEY, required = false) String key,
                           @RequestBody ProviderWire.BatchRequest batch) {
        int delivered = batch.confirmations() == null ? 0 : batch.confirmations().size();
        return serve("notification", ProviderWire.BATCHES, key, () -> new ProviderWire.BatchAnswer(delivered));
    }

    private ResponseEntity<?> serve(String provider, String operation, String key, Supplier<?> answer) {
        if (key == null || key.isBlank()) {
            throw new RuleViolationException(ProviderWire.IDEMPOTENCY_KEY, "is required");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new RuleViolationException(ProviderWire.IDEMPOTENCY_KEY,
                    "must be 1.." + MAX_KEY_LENGTH + " characters");
        }
        SandboxSettings settings = providers.settings(provider);
        if (settings.latencyMs() > 0) {
            try {
                // blocking is the point here: this is the slow provider being simulated
                Thread.sleep(settings.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return unavailable(provider);
            }
        }
        if (ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
            return unavailable(provider);
        }
        return ResponseEntity.ok(providers.answerOnce(provider + operation, key, answer));
    }

    private static ResponseEntity<ProblemDetail> unavailable(String provider) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The sandbox " + provider + " provider failed, as its failure rate says.");
        problem.setTitle("Sandbox provider failure");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
    }
}
