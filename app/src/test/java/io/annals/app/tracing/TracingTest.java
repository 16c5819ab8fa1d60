package io.annals.app.tracing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.annals.app.test.ApiClient;
import io.annals.app.test.Instances;
import io.annals.app.test.Parallel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static io.annals.app.test.ApiClient.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing, on an instance of its own with tracing on (an in-memory exporter instead of OTLP): one order is one trace
 * from its HTTP request through the command, the append, the saga and the projections to the provider calls, which
 * carry the trace to the (sandbox) provider. The client starts the trace itself (its own {@code traceparent}), so
 * the test knows the trace id in advance. Runs before the shared end-to-end context exists (see
 * junit-platform.properties).
 */
@Order(4)
class TracingTest {

    private static final Duration SPANS_TIMEOUT = Duration.ofSeconds(30);

    private static ConfigurableApplicationContext instance;
    private static InMemorySpanExporter spans;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        instance = Instances.start("--annals.tracing.enabled=true",
                "--spring.main.sources=" + InMemorySpans.class.getName(),
                "--management.opentelemetry.tracing.export.schedule-delay=100ms",
                "--logging.level.annals.commands=DEBUG");
        spans = instance.getBean(InMemorySpanExporter.class);
        api = ApiClient.of(instance);
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    @Test
    void oneOrderIsOneTraceFromItsRequestThroughCommandsEventsSagaAndProvidersToTheProjection() {
        String sku = api.registerProduct("TRACED", 10);
        String customerId = api.registerVisibleCustomer("traced");
        Trace trace = Trace.start();

        ListAppender<ILoggingEvent> commandLog = captureCommandLog();
        ApiClient.Answer placed;
        try {
            placed = api.post("/api/orders", ApiClient.orderJson(customerId, "buyer@example.com",
                    line(sku, 2, "3.50", "EUR")), "traceparent", trace.header());
        } finally {
            detach(commandLog);
        }
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderId = placed.json().path("orderId").asString();
        api.orderReaching(orderId, "COMPLETED");

        // to the end: the confirmation batch that completes the order continues the order's trace
        await("the order's spans").atMost(SPANS_TIMEOUT).until(() -> has(trace.spansIn(spans),
                named("StreamingEventProcessor.process(OrderCompleted)").and(ofGroup("orders"))));
        List<SpanData> ofOrder = trace.spansIn(spans);
        String tree = SpanTree.of(ofOrder);
        System.out.println("The trace of order " + orderId + ":\n" + tree);

        SpanData request = the(ofOrder, kind(SpanKind.SERVER).and(s -> s.getParentSpanId().equals(trace.parentId())),
                tree);
        assertThat(request.getName()).as(tree).contains("/api/orders");
        SpanData dispatch = the(ofOrder, named("CommandBus.dispatchCommand(PlaceOrder)"), tree);
        SpanData handling = the(ofOrder, named("CommandBus.handleCommand(PlaceOrder)"), tree);
        SpanData append = the(ofOrder, named("EventBus.publishEvent(OrderPlaced)"), tree);
        assertThat(ancestors(ofOrder, append)).as(tree).contains(handling, dispatch, request);

        // the projection and the saga handle OrderPlaced later, on their own threads, still children of the append
        SpanData projected = the(ofOrder, named("StreamingEventProcessor.process(OrderPlaced)").and(ofGroup("orders")),
                tree);
        // every segment of the saga's processor looks for its sagas (a span each); one starts the saga
        SpanData sagaHandling = ancestors(ofOrder, the(ofOrder, named("SagaManager.createSaga(OrderFulfilmentSaga)(OrderPlaced)"),
                tree)).get(0);
        assertThat(sagaHandling.getName()).as(tree).isEqualTo("StreamingEventProcessor.process(OrderPlaced)");
        assertThat(ofGroup("fulfilment").test(sagaHandling)).as(tree).isTrue();
        assertThat(projected.getParentSpanId()).as(tree).isEqualTo(append.getSpanId());
        assertThat(sagaHandling.getParentSpanId()).as(tree).isEqualTo(append.getSpanId());
        assertThat(projected.getAttributes().get(AttributeKey.stringKey("annals.segment"))).as(tree).isNotNull();
        assertThat(projected.getAttributes().get(AttributeKey.stringKey("axon_aggregate_identifier")))
                .isEqualTo(orderId);

        // the saga's commands and the provider calls, down to the sandbox provider, which got the traceparent
        assertThat(has(ofOrder, named("CommandBus.dispatchCommand(MarkOrderPaid)"))).as(tree).isTrue();
        SpanData atTheProvider = the(ofOrder, named("http post /sandbox/payment/charges"), tree);
        SpanData paymentCall = the(ofOrder, kind(SpanKind.CLIENT)
                .and(s -> s.getSpanId().equals(atTheProvider.getParentSpanId())), tree);
        assertThat(ancestors(ofOrder, paymentCall)).as(tree).contains(sagaHandling);

        // the confirmation's batch is in the order's trace, with the notification call and CompleteOrder in it
        SpanData confirmation = the(ofOrder, named("order-confirmation batch"), tree);
        assertThat(ancestors(ofOrder, the(ofOrder, named("CommandBus.dispatchCommand(CompleteOrder)"), tree)))
                .as(tree).contains(confirmation);

        // the command's log lines carry the trace id next to the correlation id
        List<ILoggingEvent> placeOrderLines = commandLog.list.stream()
                .filter(e -> e.getFormattedMessage().startsWith("command=PlaceOrder ")).toList();
        assertThat(placeOrderLines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.getMDCPropertyMap()).containsEntry("traceId", trace.traceId());
            assertThat(line.getMDCPropertyMap()).containsKey("correlationId");
        });
    }

    @Test
    void theConfirmationBatchIsASpanWithTheNotificationCallInIt() {
        String sku = api.registerProduct("TRACED-BATCH", 10);
        String orderId = api.placeOrder(api.registerVisibleCustomer("traced-batch"), line(sku, 1, "2.00", "EUR"));
        api.orderReaching(orderId, "COMPLETED");

        // the batch completes the order: its CompleteOrder command and OrderCompleted's handling are in its trace
        List<SpanData> batch = await("a confirmation batch's spans").atMost(SPANS_TIMEOUT).until(() -> {
            Optional<SpanData> root = spans.getFinishedSpanItems().stream()
                    .filter(named("order-confirmation batch")).findFirst();
            return root.map(r -> spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(r.getTraceId())).toList()).orElse(List.of());
        }, found -> has(found, named("StreamingEventProcessor.process(OrderCompleted)").and(ofGroup("orders"))));
        String tree = SpanTree.of(batch);
        System.out.println("A confirmation batch:\n" + tree);
        SpanData root = the(batch, named("order-confirmation batch"), tree);
        // the batch continues the order's trace, whose payment and shipping calls are not the batch's
        List<SpanData> callsOfTheBatch = batch.stream().filter(kind(SpanKind.CLIENT))
                .filter(call -> ancestors(batch, call).contains(root)).toList();
        assertThat(callsOfTheBatch).as(tree).hasSize(1);
        assertThat(callsOfTheBatch.get(0).getAttributes().get(AttributeKey.stringKey("uri"))).as(tree)
                .isEqualTo("/sandbox/notification/batches");
        assertThat(ancestors(batch, the(batch, named("CommandBus.dispatchCommand(CompleteOrder)"), tree)))
                .as(tree).contains(root);
    }

    @Test
    void aFailingHandlersSpanHasTheErrorStatus() {
        String sku = api.registerProduct("TRACED-FAIL", 10);
        String orderId = api.placeOrder(api.registerVisibleCustomer("traced-fail"), line(sku, 1, "2.00", "EUR"));
        api.orderReaching(orderId, "COMPLETED");
        Trace trace = Trace.start();

        ApiClient.Answer refused = api.cancelOrder(orderId, "too late", "traceparent", trace.header());

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        Predicate<SpanData> handlingTheCancel = named("CommandBus.handleCommand(CancelOrderByCustomer)");
        await("the refused command's spans").atMost(SPANS_TIMEOUT)
                .until(() -> has(trace.spansIn(spans), handlingTheCancel));
        List<SpanData> ofCancel = trace.spansIn(spans);
        String tree = SpanTree.of(ofCancel);
        SpanData handler = the(ofCancel, named("Order.handle(CancelOrderByCustomer)"), tree);
        assertThat(handler.getStatus().getStatusCode()).as(tree).isEqualTo(StatusCode.ERROR);
        assertThat(handler.getEvents()).as(tree).anyMatch(event -> event.getName().equals("exception"));
        assertThat(ancestors(ofCancel, handler)).as(tree).contains(the(ofCancel, handlingTheCancel, tree));
        // the refusal reaches the sender as the command's result: its dispatch carries the error too
        assertThat(the(ofCancel, named("CommandBus.dispatchCommand(CancelOrderByCustomer)"), tree).getStatus()
                .getStatusCode()).as(tree).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void commandsCommittedTogetherEachContinueTheirOwnRequestsTrace() throws Exception {
        String sku = api.registerProduct("TRACED-GROUP", 10);
        int writers = 16;
        int restocksEach = 5;

        List<Trace> traces = Parallel.gather(writers, () -> {
            List<Trace> mine = new java.util.ArrayList<>();
            for (int i = 0; i < restocksEach; i++) {
                Trace trace = Trace.start();
                assertThat(api.restock(sku, 1, "traceparent", trace.header()).status()).isEqualTo(200);
                mine.add(trace);
            }
            return mine;
        });

        // the scenario happened: restocks shared transactions, so some were handled on another request's thread
        Integer transactions = instance.getBean(JdbcTemplate.class).queryForObject("""
                SELECT count(DISTINCT xmin::text) FROM domain_event_entry
                WHERE aggregate_identifier = ? AND sequence_number > 0""", Integer.class, sku);
        assertThat(transactions).isLessThan(writers * restocksEach);
        Predicate<SpanData> handlingTheRestock = named("CommandBus.handleCommand(RestockProduct)");
        for (Trace trace : traces) {
            await("a restock's spans").atMost(SPANS_TIMEOUT).until(() -> has(trace.spansIn(spans), handlingTheRestock));
            List<SpanData> ofRestock = trace.spansIn(spans);
            String tree = SpanTree.of(ofRestock);
            SpanData request = the(ofRestock, kind(SpanKind.SERVER), tree);
            SpanData handling = the(ofRestock, handlingTheRestock, tree);
            assertThat(ancestors(ofRestock, handling)).as(tree)
                    .contains(the(ofRestock, named("CommandBus.dispatchCommand(RestockProduct)"), tree), request);
        }
    }

    @Test
    void anIntakeRequestIsOneSpanAndItsEnrichmentOneSpanPerBatchNeverOnePerEvent() {
        String source = "traced-" + ThreadLocalRandom.current().nextInt(1_000_000);
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            events.append(i == 0 ? "" : ",").append("""
                    {"event_id": "e%d", "source_id": "%s", "timestamp": 1700000000}""".formatted(i, source));
        }
        Trace trace = Trace.start();

        ApiClient.Answer accepted = api.post("/api/intake/events", events.append(']').toString(),
                "traceparent", trace.header());

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        await("the enrichment of the events").atMost(SPANS_TIMEOUT).until(() ->
                api.get("/api/intake/sources/" + source).json().path("accepted").asLong() == 20
                        && has(spans.getFinishedSpanItems(), named("intake.batch")));
        System.out.println("An intake request:\n" + SpanTree.of(trace.spansIn(spans)));
        List<SpanData> all = spans.getFinishedSpanItems();
        String tree = SpanTree.of(trace.spansIn(spans));
        assertThat(all).as(tree).noneMatch(s -> s.getName().contains("IntakeEventAccepted"));
        assertThat(trace.spansIn(spans)).as(tree).anyMatch(kind(SpanKind.SERVER))
                .noneMatch(named("EventBus.publishEvent(IntakeEventAccepted)"));
        assertThat(all).filteredOn(named("intake.batch"))
                .allSatisfy(batch -> assertThat(batch.getAttributes().get(AttributeKey.stringKey("annals.batch_size")))
                        .isNotNull());
    }

    /** A trace the test client starts: the server continues it, so its id is known before the request. */
    private record Trace(String traceId, String parentId) {

        static Trace start() {
            HexFormat hex = HexFormat.of();
            byte[] trace = new byte[16];
            byte[] parent = new byte[8];
            ThreadLocalRandom.current().nextBytes(trace);
            ThreadLocalRandom.current().nextBytes(parent);
            return new Trace(hex.formatHex(trace), hex.formatHex(parent));
        }

        String header() {
            return "00-" + traceId + "-" + parentId + "-01";
        }

        List<SpanData> spansIn(InMemorySpanExporter exporter) {
            return exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
        }
    }

    private static ListAppender<ILoggingEvent> captureCommandLog() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger("annals.commands")).addAppender(appender);
        return appender;
    }

    private static void detach(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger("annals.commands")).detachAppender(appender);
    }

    private static Predicate<SpanData> named(String name) {
        return span -> span.getName().equals(name);
    }

    private static Predicate<SpanData> kind(SpanKind kind) {
        return span -> span.getKind() == kind;
    }

    private static Predicate<SpanData> ofGroup(String group) {
        return span -> group.equals(span.getAttributes().get(AttributeKey.stringKey("annals.processing_group")));
    }

    private static boolean has(List<SpanData> spans, Predicate<SpanData> wanted) {
        return spans.stream().anyMatch(wanted);
    }

    private static SpanData the(List<SpanData> spans, Predicate<SpanData> wanted, String tree) {
        List<SpanData> matching = spans.stream().filter(wanted).toList();
        assertThat(matching).as(tree).hasSize(1);
        return matching.get(0);
    }

    private static List<SpanData> ancestors(List<SpanData> spans, SpanData span) {
        List<SpanData> ancestors = new java.util.ArrayList<>();
        for (SpanData current = span; ; ) {
            String parentId = current.getParentSpanId();
            Optional<SpanData> parent = spans.stream().filter(s -> s.getSpanId().equals(parentId)).findFirst();
            if (parent.isEmpty()) {
                return ancestors;
            }
            ancestors.add(parent.get());
            current = parent.get();
        }
    }
}
