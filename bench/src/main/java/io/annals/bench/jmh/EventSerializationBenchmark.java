package io.annals.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.annals.kernel.Money;
import io.annals.kernel.product.ProductLimits;
import io.annals.kernel.product.ProductRegistered;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

/**
 * Serializing and deserializing the largest event, {@link ProductRegistered} with a name of the maximum length:
 * once with the bare ObjectMapper, once through Axon's {@code JacksonSerializer} (what the event store calls,
 * which adds type and revision resolution and the converter layer).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventSerializationBenchmark {

    private ObjectMapper mapper;
    private Serializer serializer;
    private ProductRegistered event;
    private byte[] json;
    private SerializedObject<byte[]> serialized;

    @Setup
    public void setUp() throws IOException {
        mapper = AxonJson.objectMapper();
        serializer = AxonJson.eventSerializer();
        event = new ProductRegistered("SKU-" + "x".repeat(60), "N".repeat(ProductLimits.MAX_NAME_LENGTH),
                ProductLimits.MAX_INITIAL_STOCK, new Money(new BigDecimal("123456789.99"), "EUR"));
        json = mapper.writeValueAsBytes(event);
        serialized = serializer.serialize(event, byte[].class);
    }

    @Benchmark
    public byte[] jacksonSerialize() throws IOException {
        return mapper.writeValueAsBytes(event);
    }

    @Benchmark
    public ProductRegistered jacksonDeserialize() throws IOException {
        return mapper.readValue(json, ProductRegistered.class);
    }

    @Benchmark
    public SerializedObject<byte[]> axonSerialize() {
        return serializer.serialize(event, byte[].class);
    }

    @Benchmark
    public Object axonDeserialize() {
        return serializer.deserialize(serialized);
    }
}
