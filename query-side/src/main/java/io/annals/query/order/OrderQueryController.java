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
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.Map;

@RestController
@RequestMapping("/api/orders")
@Tag(name = ApiDocs.ORDERS)
@InstanceRole(Role.QUERY)
class OrderQueryController {

    private static final Map<String, String> SORTABLE = Map.of("placedAt", "placedAt", "status", "status");
    private static final Sort DEFAULT_SORT = Sort.by(Sort.Order.desc("placedAt"));

    private final OrderViewRepository repository;
    private final ReadYourWrites readYourWrites;
    private final JsonMapper json;

    OrderQueryController(OrderViewRepository repository, ReadYourWrites readYourWrites, JsonMapper json) {
        this.repository = repository;
        this.readYourWrites = readYourWrites;
        this.json = json;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrderResponse(String orderId, String customerId, String status, JsonNode lines, Money total,
                         String paymentId, String trackingNumber, String cancellationReason, JsonNode timeline,
                         long version) {
    }

    @Operation(summary = "An order with its status and timeline")
    @Parameter(name = ApiDocs.MIN_VERSION, description = ApiDocs.MIN_VERSION_TEXT,
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @ApiResponse(responseCode = "200", description = "Found", headers = @Header(name = ApiDocs.ETAG,
            description = ApiDocs.ETAG_TEXT, schema = @Schema(type = "string", example = ApiDocs.ETAG_EXAMPLE)))
    @GetMapping("/{orderId}")
    ResponseEntity<OrderResponse> get(@PathVariable String orderId, @RequestParam(required = false) String minVersion) {
        String id = orderId.toLowerCase();
        OrderView view = readYourWrites.await(OrderProjection.GROUP, IdFormat.SERVER_ID, id,
                        MinVersion.parse(minVersion), () -> repository.findById(id), OrderView::getVersion)
                .orElseThrow(() -> new EntityNotFoundException("no order " + orderId));
        return ResponseEntity.ok()
                .header(HttpHeaders.ETAG, Versions.etag(view.getVersion()))
                .body(toResponse(view));
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
        Pageable pageable = PageParams.of(page, size, sort, SORTABLE, DEFAULT_SORT, "orderId");
        String statusFilter = status == null ? null : parseStatus(status).name();
        String customer = customerId == null ? null : customerId.toLowerCase();
        Page<OrderView> result;
        if (customer != null && statusFilter != null) {
            result = repository.findByCustomerIdAndStatus(customer, statusFilter, pageable);
        } else if (customer != null) {
            result = repository.findByCustomerId(customer, pageable);
        } else if (statusFilter != null) {
            result = repository.findByStatus(statusFilter, pageable);
        } else {
            result = repository.findAll(pageable);
        }
        return PageResponse.of(result, this::toResponse);
    }

    private OrderResponse toResponse(OrderView view) {
        return new OrderResponse(view.getOrderId(), view.getCustomerId(), view.getStatus(),
                json.readTree(view.getLines()), new Money(view.getTotalAmount().stripTrailingZeros(), view.getTotalCurrency()),
                view.getPaymentId(), view.getTrackingNumber(), view.getCancellationReason(),
                json.readTree(view.getTimeline()), view.getVersion());
    }

    private static OrderStatus parseStatus(String status) {
        try {
            return OrderStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new RuleViolationException("status", "must be one of " + Arrays.toString(OrderStatus.values()));
        }
    }
}
