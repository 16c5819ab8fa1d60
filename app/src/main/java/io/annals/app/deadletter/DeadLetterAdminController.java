package io.annals.app.deadletter;

import io.annals.app.axon.DeadLetterQueues;
import io.annals.kernel.error.EntityNotFoundException;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dead letters (ADMIN): the events parked by every processing group's dead-letter queue, and a retry per group.
 *
 * <p>A retry processes the group's parked sequences one by one on the calling thread, oldest letter first within a
 * sequence: a sequence whose first letter fails again stays parked (its attempts grow), the others are released and
 * their events handled. Axon's claim on a sequence keeps a concurrent retry on another instance from handling it twice.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
class DeadLetterAdminController {

    private final DeadLetterQueues queues;
    private final EventProcessingConfiguration processing;

    DeadLetterAdminController(DeadLetterQueues queues, EventProcessingConfiguration processing) {
        this.queues = queues;
        this.processing = processing;
    }

    /**
     * One parked event.
     *
     * @param sequenceId the sequence it holds up: its aggregate's id (Axon's default sequencing policy)
     * @param cause      type and message of the failure, or absent for an event parked only behind an earlier one
     * @param attempts   see {@link DeadLetterQueues#attempts}
     */
    record DeadLetterView(String group, String sequenceId, String eventType, String cause, Instant enqueuedAt,
                          int attempts) {
    }

    /** What a retry did: sequences retried, and how many of them were handled to the end and released. */
    record RetryResult(String group, int sequences, int released) {
    }

    @GetMapping
    List<DeadLetterView> list() {
        List<DeadLetterView> views = new ArrayList<>();
        queues.byGroup().forEach((group, queue) -> {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    views.add(view(group, letter));
                }
            }
        });
        return views;
    }

    @PostMapping("/{group}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RetryResult retry(@PathVariable String group) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queues.byGroup().get(group);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = queue == null ? null
                : processing.sequencedDeadLetterProcessor(group).orElse(null);
        if (processor == null) {
            throw new EntityNotFoundException("no dead-letter queue for processing group " + group);
        }
        // The first letter's event id names each sequence: Axon's sequence filter sees the sequence's first letter.
        Map<String, String> firstEventBySequence = new LinkedHashMap<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> first : sequence) {
                firstEventBySequence.put(sequenceId(first), first.message().getIdentifier());
                break;
            }
        }
        int released = 0;
        for (String firstEvent : firstEventBySequence.values()) {
            if (processor.process(letter -> letter.message().getIdentifier().equals(firstEvent))) {
                released++;
            }
        }
        return new RetryResult(group, firstEventBySequence.size(), released);
    }

    private static DeadLetterView view(String group, DeadLetter<? extends EventMessage<?>> letter) {
        return new DeadLetterView(group, sequenceId(letter), letter.message().getPayloadType().getSimpleName(),
                letter.cause().map(DeadLetterAdminController::describe).orElse(null), letter.enqueuedAt(),
                DeadLetterQueues.attempts(letter));
    }

    private static String sequenceId(DeadLetter<? extends EventMessage<?>> letter) {
        return letter instanceof JdbcDeadLetter<?> stored ? stored.getSequenceIdentifier()
                : letter.message().getIdentifier();
    }

    private static String describe(Cause cause) {
        String type = cause.type().substring(cause.type().lastIndexOf('.') + 1);
        return cause.message() == null || cause.message().isEmpty() ? type : type + ": " + cause.message();
    }
}
