package io.annals.bench.jmh;

import io.annals.kernel.product.ProductRestocked;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CPU part of a temporal read over a 10,000-event history ({@code GET /state?atVersion=}): the fold itself,
 * shaped like the service's ProductStateFold (a new immutable state per event), and the fold including the
 * deserialization of every payload, which the event store does for each event it streams. The JDBC fetch is not
 * included; the load generator's {@code temporal} workload measures the whole path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TemporalFoldBenchmark {

    /** The product's state while folding, as in the service. */
    record ProductState(String sku, long available, long version) {

        ProductState restocked(ProductRestocked event, long sequenceNumber) {
            return new ProductState(sku, available + event.quantity(), sequenceNumber);
        }
    }

    @Param("10000")
    public int events;

    private List<ProductRestocked> history;
    private List<SerializedObject<byte[]>> serializedHistory;
    private Serializer serializer;

    @Setup
    public void setUp() {
        serializer = AxonJson.eventSerializer();
        history = new ArrayList<>(events);
        serializedHistory = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            ProductRestocked event = new ProductRestocked("SKU-000042", 1 + i % 100);
            history.add(event);
            serializedHistory.add(serializer.serialize(event, byte[].class));
        }
    }

    @Benchmark
    public ProductState fold() {
        ProductState state = new ProductState("SKU-000042", 0, 0);
        long sequence = 0;
        for (ProductRestocked event : history) {
            state = state.restocked(event, ++sequence);
        }
        return state;
    }

    @Benchmark
    public ProductState deserializeAndFold() {
        ProductState state = new ProductState("SKU-000042", 0, 0);
        long sequence = 0;
        for (SerializedObject<byte[]> serialized : serializedHistory) {
            ProductRestocked event = serializer.deserialize(serialized);
            state = state.restocked(event, ++sequence);
        }
        return state;
    }
}
