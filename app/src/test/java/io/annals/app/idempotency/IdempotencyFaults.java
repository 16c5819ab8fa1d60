package io.annals.app.idempotency;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * TEST ONLY: faults in a creating request, between the Idempotency-Key's claim and the answer. Component-scanned into
 * every test context; it touches only requests whose key a test named.
 *
 * <ul>
 *   <li>{@link #failAfterCommand}: the controller's answer fails to be written after its command committed, as if
 *       the process died before answering (the client sees a 500);</li>
 *   <li>{@link #holdBeforeCommand}: the request stops after its body was read, before its command runs, until the
 *       test lets it go — a request so slow that its key is presumed dead.</li>
 * </ul>
 */
@RestControllerAdvice
class IdempotencyFaults extends RequestBodyAdviceAdapter implements ResponseBodyAdvice<Object> {

    private static final String HEADER = "Idempotency-Key";
    private static final long HOLD_SECONDS = 60;

    private final Set<String> failingAfterCommand = ConcurrentHashMap.newKeySet();
    private final Map<String, Hold> held = new ConcurrentHashMap<>();

    /** The next answer to a request with {@code key} fails after its command committed. */
    void failAfterCommand(String key) {
        failingAfterCommand.add(key);
    }

    /** The next request with {@code key} waits before its command until {@link Hold#release()}. */
    Hold holdBeforeCommand(String key) {
        Hold hold = new Hold();
        held.put(key, hold);
        return hold;
    }

    static final class Hold {

        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void awaitReached() throws InterruptedException {
            if (!reached.await(HOLD_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the held request never reached its command");
            }
        }

        void release() {
            released.countDown();
        }

        private void pause() {
            reached.countDown();
            try {
                if (!released.await(HOLD_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the held request was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    // --- request body: before the command ---

    @Override
    public boolean supports(MethodParameter methodParameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter,
                                Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        String key = inputMessage.getHeaders().getFirst(HEADER);
        Hold hold = key == null ? null : held.remove(key);
        if (hold != null) {
            hold.pause();
        }
        return body;
    }

    // --- response body: after the command ---

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType selectedContentType,
                                  Class<? extends HttpMessageConverter<?>> selectedConverterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        String key = request.getHeaders().getFirst(HEADER);
        if (key != null && failingAfterCommand.remove(key)) {
            throw new IllegalStateException("injected fault: the answer is lost after the command committed");
        }
        return body;
    }
}
