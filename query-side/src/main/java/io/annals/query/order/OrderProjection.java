package io.annals.query.order;

import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderStatus;
import io.annals.query.consistency.ReadYourWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import java.time.Instant;

/** Builds {@code order_view}, with the status timeline. Idempotent by version. */
@Component
@ProcessingGroup(OrderProjection.GROUP)
class OrderProjection {

    static final String GROUP = "orders";

    private final OrderViewRepository repository;
    private final ReadYourWrites readYourWrites;
    private final JsonMapper json;

    OrderProjection(OrderViewRepository repository, ReadYourWrites readYourWrites, JsonMapper json) {
        this.repository = repository;
        this.readYourWrites = readYourWrites;
        this.json = json;
    }

    @EventHandler
    void on(OrderPlaced event, @SequenceNumber long version, @Timestamp Instant at) {
        if (repository.existsById(event.orderId())) {
            return;
        }
        ArrayNode timeline = json.createArrayNode();
        timeline.add(entry(OrderStatus.PENDING, at));
        repository.save(new OrderView(event.orderId(), event.customerId(), OrderStatus.PENDING.name(),
                json.writeValueAsString(event.lines()), event.total().amount(), event.total().currency(),
                json.writeValueAsString(timeline), version, at));
        readYourWrites.announce(GROUP, event.orderId());
    }

    @EventHandler
    void on(OrderCancelled event, @SequenceNumber long version, @Timestamp Instant at) {
        repository.findById(event.orderId())
                .filter(view -> view.getVersion() < version)
                .ifPresent(view -> {
                    view.cancel(event.reason().name());
                    moveTo(view, OrderStatus.CANCELLED, version, at);
                });
    }

    @ResetHandler
    void reset() {
        repository.deleteAllInBatch();
    }

    private void moveTo(OrderView view, OrderStatus status, long version, Instant at) {
        ArrayNode timeline = (ArrayNode) json.readTree(view.getTimeline());
        timeline.add(entry(status, at));
        view.changeStatus(status.name(), json.writeValueAsString(timeline), version, at);
        readYourWrites.announce(GROUP, view.getOrderId());
    }

    private JsonNode entry(OrderStatus status, Instant at) {
        return json.createObjectNode().put("status", status.name()).put("at", at.toString());
    }
}
