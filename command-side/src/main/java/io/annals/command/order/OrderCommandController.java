package io.annals.command.order;

import io.annals.command.idempotency.IdempotentAnswers;
import io.annals.command.idempotency.IdempotentCreate;
import io.annals.command.web.ApiDocs;
import io.annals.command.web.Ids;
import io.annals.command.web.IfMatch;
import io.annals.command.web.MoneyRequest;
import io.annals.kernel.Sku;
import io.annals.kernel.customer.CustomerLimits;
import io.annals.kernel.error.UnknownCustomerException;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.CancelOrderByCustomer;
import io.annals.kernel.order.OrderLimits;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.PlaceOrder;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

@RestController
@RequestMapping("/api/orders")
@Tag(name = ApiDocs.ORDERS)
@InstanceRole(Role.COMMAND)
class OrderCommandController {

    private final CommandGateway commandGateway;
    private final IdempotentAnswers idempotentAnswers;

    OrderCommandController(CommandGateway commandGateway, IdempotentAnswers idempotentAnswers) {
        this.commandGateway = commandGateway;
        this.idempotentAnswers = idempotentAnswers;
    }

    record LineRequest(@NotNull @Pattern(regexp = Sku.PATTERN) String sku,
                       @NotNull @Min(OrderLimits.MIN_QUANTITY) @Max(OrderLimits.MAX_QUANTITY) Integer quantity,
                       @NotNull @Valid MoneyRequest unitPrice) {
    }

    record AddressRequest(@NotBlank @Size(max = OrderLimits.MAX_ADDRESS_FIELD_LENGTH) String line1,
                          @NotBlank @Size(max = OrderLimits.MAX_ADDRESS_FIELD_LENGTH) String city,
                          @NotBlank @Size(max = OrderLimits.MAX_ADDRESS_FIELD_LENGTH) String postalCode,
                          @NotBlank @Size(max = OrderLimits.MAX_ADDRESS_FIELD_LENGTH) String country) {
    }

    record PlaceOrderRequest(
            @NotNull String customerId,
            @NotNull @Size(max = CustomerLimits.MAX_EMAIL_LENGTH)
            @Pattern(regexp = CustomerLimits.EMAIL_PATTERN, message = "must be a valid email address")
            String customerEmail,
            @NotNull @Size(min = OrderLimits.MIN_LINES, max = OrderLimits.MAX_LINES) List<@NotNull @Valid LineRequest> lines,
            @NotNull @Valid AddressRequest shippingAddress) {
    }

    record CancelRequest(@NotBlank @Size(max = OrderLimits.MAX_NOTE_LENGTH) String reason) {
    }

    record OrderWritten(String orderId, long version) {
    }

    @Operation(summary = "Place an order", description = "Starts the fulfilment workflow: stock is reserved for "
            + "every line, payment taken, shipment created and a confirmation sent; any failure compensates and "
            + "ends the order CANCELLED with a cancellationReason.")
    @Parameter(name = ApiDocs.IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = ApiDocs.IDEMPOTENCY_KEY_TEXT,
            schema = @Schema(maxLength = 200))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"customerId": "0b7c5a8e-2f4d-4c1e-9a3b-6d5f8e7c1a2b", "customerEmail": "ada@example.com",
             "lines": [{"sku": "WIDGET-1", "quantity": 2, "unitPrice": {"amount": "12.50", "currency": "EUR"}}],
             "shippingAddress": {"line1": "1 Analytical Way", "city": "London", "postalCode": "N1 9GU",
                                 "country": "GB"}}""")))
    @ApiResponse(responseCode = "201", description = "Placed at version 0 (status PENDING)", headers = {
            @Header(name = ApiDocs.ETAG, description = ApiDocs.ETAG_TEXT,
                    schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)),
            @Header(name = ApiDocs.LOCATION, description = ApiDocs.LOCATION_TEXT, schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "409", description = "A request with the same Idempotency-Key is still running")
    @ApiResponse(responseCode = "422", description = "No such customer (type ending in /unknown-customer), or the "
            + "Idempotency-Key was used before with another body")
    @PostMapping
    @IdempotentCreate
    ResponseEntity<OrderWritten> place(@Valid @RequestBody PlaceOrderRequest request) {
        if (!Ids.isUuid(request.customerId())) {
            throw new UnknownCustomerException(request.customerId());
        }
        String orderId = Ids.newId();
        List<OrderLine> lines = request.lines().stream()
                .map(line -> new OrderLine(line.sku(), line.quantity(), line.unitPrice().toMoney()))
                .toList();
        AddressRequest address = request.shippingAddress();
        ResponseEntity<OrderWritten> created = ResponseEntity.created(URI.create("/api/orders/" + orderId))
                .header(HttpHeaders.ETAG, IfMatch.etag(0))
                .body(new OrderWritten(orderId, 0));
        commandGateway.sendAndWait(idempotentAnswers.rememberedOnCommit(new PlaceOrder(orderId,
                request.customerId().toLowerCase(), request.customerEmail(), lines,
                new Address(address.line1(), address.city(), address.postalCode(), address.country())), created));
        return created;
    }

    @Operation(summary = "Cancel an order", description = "What the workflow did so far is compensated (stock "
            + "released, payment refunded); the order ends CANCELLED with reason CANCELLED_BY_CUSTOMER.")
    @Parameter(name = ApiDocs.IF_MATCH, in = ParameterIn.HEADER, description = ApiDocs.IF_MATCH_TEXT,
            schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"reason": "ordered by mistake"}""")))
    @ApiResponse(responseCode = "200", description = "Cancelled", headers = @Header(name = ApiDocs.ETAG,
            description = ApiDocs.ETAG_TEXT, schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)))
    @ApiResponse(responseCode = "409", description = ApiDocs.VERSION_CONFLICT + ", or the order is already "
            + "shipped, completed or cancelled")
    @PostMapping("/{orderId}/cancel")
    ResponseEntity<OrderWritten> cancel(@PathVariable String orderId,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @Valid @RequestBody CancelRequest request) {
        String id = Ids.requireUuid(orderId, "order");
        long version = commandGateway.sendAndWait(
                new CancelOrderByCustomer(id, request.reason(), IfMatch.parse(ifMatch)));
        return ResponseEntity.ok().header(HttpHeaders.ETAG, IfMatch.etag(version)).body(new OrderWritten(id, version));
    }
}
