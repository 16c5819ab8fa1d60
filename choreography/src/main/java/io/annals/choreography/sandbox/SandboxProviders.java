package io.annals.choreography.sandbox;

import io.annals.kernel.error.EntityNotFoundException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The state of the sandbox providers: each one's settings, and the answers it gave per idempotency key (bounded,
 * oldest forgotten first), so a repeated key gets the same answer as a real provider would give.
 */
public final class SandboxProviders {

    /** The providers the sandbox serves; also their path segment under {@code /sandbox}. */
    public static final List<String> NAMES = List.of("payment", "shipping", "notification");

    private final Map<String, SandboxSettings> settings = new ConcurrentHashMap<>();
    private final Map<String, Object> answers;
    /** Per operation and key: how often it was called, and how often it was carried out (at most once). */
    private final Map<String, Integer> calls;
    private final Map<String, Integer> performed;

    SandboxProviders(int rememberedKeys) {
        NAMES.forEach(name -> settings.put(name, SandboxSettings.PERFECT));
        this.answers = bounded(rememberedKeys);
        this.calls = bounded(rememberedKeys);
        this.performed = bounded(rememberedKeys);
    }

    private static <V> Map<String, V> bounded(int size) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > size;
            }
        };
    }

    /** @throws EntityNotFoundException for a provider the sandbox does not serve */
    public SandboxSettings settings(String provider) {
        SandboxSettings current = settings.get(provider);
        if (current == null) {
            throw new EntityNotFoundException("No sandbox provider named " + provider + "; providers are " + NAMES);
        }
        return current;
    }

    /** @throws EntityNotFoundException for a provider the sandbox does not serve */
    public SandboxSettings update(String provider, SandboxSettings next) {
        settings(provider);
        settings.put(provider, next);
        return next;
    }

    /** The answer first given to this key of this operation, or a new one from {@code answer}. */
    @SuppressWarnings("unchecked")
    <T> T answerOnce(String operation, String idempotencyKey, Supplier<T> answer) {
        String call = operation + '\n' + idempotencyKey;
        synchronized (answers) {
            calls.merge(call, 1, Integer::sum);
            return (T) answers.computeIfAbsent(call, key -> {
                performed.merge(call, 1, Integer::sum);
                return answer.get();
            });
        }
    }

    /**
     * How often {@code operation} (e.g. {@code payment/charges}) was answered for this idempotency key, and how often
     * it was carried out: a repeat is answered, never carried out again. What a test of "charged once" reads.
     */
    public CallCount calls(String operation, String idempotencyKey) {
        String call = operation + '\n' + idempotencyKey;
        synchronized (answers) {
            return new CallCount(calls.getOrDefault(call, 0), performed.getOrDefault(call, 0));
        }
    }

    /** @param answered how often the operation was answered; @param performed how often it was carried out */
    public record CallCount(int answered, int performed) {
    }
}
