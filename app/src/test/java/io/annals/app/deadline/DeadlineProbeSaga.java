package io.annals.app.deadline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST ONLY: a saga that schedules one deadline when {@link Started} and ends when it fires, recording which
 * application instance fired it. Component-scanned into every test context, where it stays idle: it reacts to nothing
 * but its own probe event, in its own processing group.
 */
@Saga
@ProcessingGroup(DeadlineProbeSaga.GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class DeadlineProbeSaga {

    static final String GROUP = "deadline-probe";
    static final String DEADLINE = "probe-due";

    /** The instances that fired each probe's deadline, in firing order; shared by all contexts of the test JVM. */
    private static final Map<String, List<String>> FIRED_BY = new ConcurrentHashMap<>();
    /** The deadline manager each probe's saga was given. */
    private static final Map<String, Class<?>> SCHEDULED_WITH = new ConcurrentHashMap<>();

    public record Started(String probeId, long delayMillis) {
    }

    public record Due(String probeId) {
    }

    private String probeId;

    @StartSaga
    @SagaEventHandler(associationProperty = "probeId")
    public void on(Started started, DeadlineManager deadlineManager) {
        probeId = started.probeId();
        SCHEDULED_WITH.put(probeId, deadlineManager.getClass());
        deadlineManager.schedule(Duration.ofMillis(started.delayMillis()), DEADLINE, new Due(probeId));
    }

    @DeadlineHandler(deadlineName = DEADLINE)
    public void on(Due due, InstanceId instance) {
        FIRED_BY.computeIfAbsent(due.probeId(), id -> new CopyOnWriteArrayList<>()).add(instance.id());
        SagaLifecycle.end();
    }

    static List<String> firedBy(String probeId) {
        return List.copyOf(FIRED_BY.getOrDefault(probeId, List.of()));
    }

    static Class<?> scheduledWith(String probeId) {
        return SCHEDULED_WITH.get(probeId);
    }
}
