package io.annals.bench.jmh;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

import java.math.BigDecimal;

/**
 * The event serializer exactly as the service configures it ({@code io.annals.app.eventstore.EventStoreConfiguration}:
 * Jackson 2, JavaTimeModule, amounts as decimal strings, no default typing for events). Copied rather than imported
 * because the bench must not depend on the app; keep the two in step.
 */
public final class AxonJson {

    private AxonJson() {
    }

    public static ObjectMapper objectMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper;
    }

    static Serializer eventSerializer() {
        return JacksonSerializer.builder().objectMapper(objectMapper()).build();
    }
}
