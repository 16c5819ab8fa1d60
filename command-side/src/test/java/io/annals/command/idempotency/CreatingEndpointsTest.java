package io.annals.command.idempotency;

import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The creating endpoints are the POST mappings whose methods their controllers mark {@link IdempotentCreate}. */
class CreatingEndpointsTest {

    static final class Controller {
        @IdempotentCreate
        void create() {
        }

        void other() {
        }
    }

    @Test
    void onlyTheMarkedMethodsPathsAreCreatingEndpoints() throws NoSuchMethodException {
        Map<RequestMappingInfo, HandlerMethod> handlers = Map.of(
                post("/api/things"), handler("create"),
                post("/api/things/{id}/touch"), handler("other"));

        assertThat(CreatingEndpoints.learn(handlers)).containsExactly("/api/things");
    }

    @Test
    void aMarkedMethodWithAPathVariableIsRejectedAtStartUp() throws NoSuchMethodException {
        Map<RequestMappingInfo, HandlerMethod> handlers = Map.of(post("/api/things/{id}"), handler("create"));

        assertThatThrownBy(() -> CreatingEndpoints.learn(handlers))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fixed path");
    }

    @Test
    void aMarkedMethodThatIsNotPostOnlyIsRejectedAtStartUp() throws NoSuchMethodException {
        Map<RequestMappingInfo, HandlerMethod> handlers = Map.of(
                RequestMappingInfo.paths("/api/things").methods(RequestMethod.PUT).build(), handler("create"));

        assertThatThrownBy(() -> CreatingEndpoints.learn(handlers))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("POST-only");
    }

    private static RequestMappingInfo post(String path) {
        return RequestMappingInfo.paths(path).methods(RequestMethod.POST).build();
    }

    private static HandlerMethod handler(String name) throws NoSuchMethodException {
        return new HandlerMethod(new Controller(), Controller.class.getDeclaredMethod(name));
    }
}
