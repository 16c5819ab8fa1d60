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
import io.annals.query.web.MinVersion;
import io.annals.query.web.PageParams;
import io.annals.query.web.PageResponse;
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
