package io.annals.query.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.annals.kernel.Money;
import io.annals.kernel.Versions;
import io.annals.kernel.error.EntityNotFoundException;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.query.consistency.IdFormat;
import io.annals.query.consistency.ReadYourWrites;
import io.annals.query.web.ApiDocs;
import io.annals.query.web.MinVersion;
import io.annals.query.web.PageParams;
import io.annals.query.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.function.Function;

@RestController
@RequestMapping("/api/orders")
@Tag(name = ApiDocs.ORDERS)
@InstanceRole(Role.QUERY)
class OrderQueryController {

    private final OrderReads reads;
    private final ReadYourWrites readYourWrites;

    OrderQueryController(OrderReads reads, ReadYourWrites readYourWrites) {
        this.reads = reads;
        this.readYourWrites = readYourWrites;
    }

    /** {@code lines} and {@code timeline} are the stored JSON documents, answered as they are. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrderResponse(String orderId, String customerId, String status, JsonNode lines, Money total,
                         String paymentId, String trackingNumber, String cancellationReason, JsonNode timeline,
                         long version) {

        /** From the stored columns; the total is echoed at its currency's scale (the stored one has four places). */
        static OrderResponse of(String orderId, String customerId, String status, JsonNode lines,
                                BigDecimal totalAmount, String totalCurrency, String paymentId, String trackingNumber,
                                String cancellationReason, JsonNode timeline, long version) {
            return new OrderResponse(orderId, customerId, status, lines,
                    new Money(totalAmount.stripTrailingZeros(), totalCurrency), paymentId, trackingNumber,
                    cancellationReason, timeline, version);
        }
    }

    @Operation(summary = "An order with its status and timeline")
    @Parameter(name = ApiDocs.MIN_VERSION, description = ApiDocs.MIN_VERSION_TEXT,
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @ApiResponse(responseCode = "200", description = "Found", headers = @Header(name = ApiDocs.ETAG,
            description = ApiDocs.ETAG_TEXT, schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)))
    @GetMapping("/{orderId}")
    ResponseEntity<OrderResponse> get(@PathVariable String orderId, @RequestParam(required = false) String minVersion) {
        String id = orderId.toLowerCase();
        OrderResponse order = readYourWrites.await(OrderProjection.GROUP, IdFormat.SERVER_ID, id,
                        MinVersion.parse(minVersion), () -> reads.find(id), OrderResponse::version)
                .orElseThrow(() -> new EntityNotFoundException("no order " + orderId));
        return ResponseEntity.ok()
                .header(HttpHeaders.ETAG, Versions.etag(order.version()))
                .body(order);
    }

    @Operation(summary = "List orders, optionally of one customer or in one status")
    @Parameter(name = "page", description = ApiDocs.PAGE_TEXT, schema = @Schema(type = "integer", minimum = "0"))
    @Parameter(name = "size", description = ApiDocs.SIZE_TEXT,
            schema = @Schema(type = "integer", minimum = "1", maximum = "200"))
    @Parameter(name = "sort",
            description = "field,asc|desc with field one of placedAt, status (default placedAt,desc)")
    @Parameter(name = "customerId", description = "Only this customer's orders")
    @Parameter(name = "status", schema = @Schema(allowableValues = {"PENDING", "STOCK_RESERVED", "PAID", "SHIPPED",
            "COMPLETED", "CANCELLED"}))
    @GetMapping
    PageResponse<OrderResponse> list(@RequestParam(required = false) String page,
                                     @RequestParam(required = false) String size,
                                     @RequestParam(required = false) String sort,
                                     @RequestParam(required = false) String customerId,
                                     @RequestParam(required = false) String status) {
        Pageable pageable = PageParams.of(page, size, sort, OrderReads.SORTABLE, OrderReads.DEFAULT_SORT,
                OrderReads.TIE_BREAKER);
        String statusFilter = status == null ? null : parseStatus(status).name();
        String customer = customerId == null ? null : customerId.toLowerCase();
        return PageResponse.of(reads.list(customer, statusFilter, pageable), Function.identity());
    }

    private static OrderStatus parseStatus(String status) {
        try {
            return OrderStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new RuleViolationException("status", "must be one of " + Arrays.toString(OrderStatus.values()));
        }
    }
}
