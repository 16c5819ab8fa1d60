package io.annals.app.upcasting;

import io.annals.app.eventstore.EventStoreConfiguration;
import io.annals.choreography.fulfilment.OrderFulfilmentSaga;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.annals.kernel.payment.PaymentFailed;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: what was stored before the saga's redesign still loads. A PaymentFailed without the outcome flag reads as
 * a considered refusal; a fulfilment saga stored in the earlier shape (which called the provider itself, and kept
 * email, address and total) loads, and a payment it had taken is still known as taken, so compensation refunds it.
 */
class StoredBeforeTheSagaRedesignTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Serializer events = new EventStoreConfiguration().eventSerializer();
    private final Serializer sagas = new EventStoreConfiguration().serializer();

    @Test
    void aPaymentFailedWithoutTheOutcomeFlagReadsAsARefusal() {
        String stored = """
                {"paymentId":"p-1","orderId":"o-1","amount":{"amount":"7.00","currency":"EUR"},"reason":"declined"}""";

        PaymentFailed failed = events.deserialize(new SimpleSerializedObject<>(stored.getBytes(StandardCharsets.UTF_8),
                byte[].class, new SimpleSerializedType(PaymentFailed.class.getName(), "1")));

        assertThat(failed.reason()).isEqualTo("declined");
        assertThat(failed.outcomeUnknown()).isFalse();
    }

    @Test
    void aSagaOfTheEarlierShapeLoadsAndKnowsThePaymentItTook() throws Exception {
        SerializedObject<byte[]> now = sagas.serialize(new OrderFulfilmentSaga(), byte[].class);
        JsonNode tree = JSON.readTree(now.getData());
        ObjectNode state = (ObjectNode) (tree.isArray() ? tree.get(1) : tree); // with or without its type id
        state.remove("charge");
        state.put("sagaId", "saga-1").put("orderId", "o-1").put("customerEmail", "ada@example.com")
                .put("paid", true).put("chargeUncertain", false).put("refunded", false).put("step", "SHIPPING");
        String earlier = JSON.writeValueAsString(tree);

        OrderFulfilmentSaga saga = sagas.deserialize(new SimpleSerializedObject<>(
                earlier.getBytes(StandardCharsets.UTF_8), byte[].class, now.getType()));

        assertThat(field(saga, "orderId")).isEqualTo("o-1");
        assertThat(field(field(saga, "compensation"), "charge")).hasToString("TAKEN");
        assertThat(field(saga, "step")).hasToString("SHIPPING");
    }

    /** A field of the state's class or of a class it extends (the saga keeps part of its state in its superclass). */
    private static Object field(Object state, String name) throws ReflectiveOperationException {
        for (Class<?> type = state.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(state);
            } catch (NoSuchFieldException notHere) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(name);
    }
}
