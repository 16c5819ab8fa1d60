package io.annals.app.deadletter;

import io.annals.choreography.fulfilment.FulfilmentDeadLetters;
import io.annals.kernel.error.EntityNotFoundException;
import io.annals.kernel.error.RuleViolationException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Dead letters (ADMIN): the events parked by every processing group's dead-letter queue and by the fulfilment saga
 * ({@link FulfilmentDeadLetters}, group {@code fulfilment}: Axon dead-letters no saga), and a retry per group.
 *
 * <p>The listing is bounded ({@code limit}, default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) and may be
 * narrowed to one {@code group}; groups in name order, each sequence's letters oldest first. Axon 4.13's JDBC queue
 * reads a sequence in pages of 100 but takes the page offset for a sequence index ({@code sequence_index >= offset}),
 * so once a sequence's indexes reach 100 its first page already holds all its letters (up to the queue's
 * {@code max-sequence-size}) and the next pages repeat them; the listing stops at the first repeat.
 *
 * <p>A retry processes the group's parked sequences one by one on the calling thread, oldest letter first within a
 * sequence: a sequence whose first letter fails again stays parked (its attempts grow), the others are released and
 * their events handled. Axon's claim on a sequence keeps a concurrent retry on another instance from handling it twice.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
@Tag(name = "Operations")
class DeadLetterAdminController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final DeadLetterQueues queues;
    private final EventProcessingConfiguration processing;
    private final ObjectProvider<FulfilmentDeadLetters> fulfilment;

    DeadLetterAdminController(DeadLetterQueues queues, EventProcessingConfiguration processing,
                              ObjectProvider<FulfilmentDeadLetters> fulfilment) {
        this.queues = queues;
        this.processing = processing;
        this.fulfilment = fulfilment;
    }

    /** A group's parked events and what retries them (absent when Axon built no dead-lettering invoker for it). */
    private record Group(SequencedDeadLetterQueue<EventMessage<?>> queue,
                         Supplier<Optional<SequencedDeadLetterProcessor<EventMessage<?>>>> processor) {
    }

    /**
     * One parked event.
     *
     * @param sequenceId the sequence it holds up: its aggregate's id (Axon's default sequencing policy); in the
     *                   {@code fulfilment} group, its order's id
     * @param cause      type and message of the failure, or absent for an event parked only behind an earlier one
     * @param attempts   see {@link DeadLetterQueues#attempts}
     */
    record DeadLetterView(String group, String sequenceId, String eventType, String cause, Instant enqueuedAt,
                          int attempts) {
    }

    /** What a retry did: sequences retried, and how many of them were handled to the end and released. */
    record RetryResult(String group, int sequences, int released) {
    }

    /**
     * The first {@code limit} dead letters, of every group or of {@code group} only. The letters are read lazily, so
     * a bounded answer reads no more of the queues than it shows.
     */
    @Operation(summary = "The events parked in the dead-letter queues, per processing group")
    @Parameter(name = "limit", description = "At most this many letters (1..1000, default 100)",
            schema = @Schema(type = "integer", minimum = "1", maximum = "1000"))
    @Parameter(name = "group", description = "Only this processing group's letters")
    @GetMapping
    List<DeadLetterView> list(@RequestParam(required = false) String limit,
                              @RequestParam(required = false) String group) {
        int maxLetters = limit(limit);
        SortedMap<String, Group> groups = groups();
        if (group != null && !groups.containsKey(group)) {
            throw new RuleViolationException("group", "must be one of " + String.join(", ", groups.keySet()));
        }
        List<DeadLetterView> views = new ArrayList<>();
        for (Map.Entry<String, Group> listed : groups.entrySet()) {
            if (group != null && !group.equals(listed.getKey())) {
                continue;
            }
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : listed.getValue().queue().deadLetters()) {
                long lastIndex = Long.MIN_VALUE;
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    if (letter instanceof JdbcDeadLetter<?> stored) {
                        if (stored.getSequenceIndex() <= lastIndex) {
                            break; // Axon repeating the sequence: see the class comment
                        }
                        lastIndex = stored.getSequenceIndex();
                    }
                    if (views.size() == maxLetters) {
                        return views;
                    }
                    views.add(view(listed.getKey(), letter));
                }
            }
        }
        return views;
    }

    @Operation(summary = "Process a group's dead letters again",
            description = "Sequences whose first letter fails again stay parked; the others are released.")
    @PostMapping("/{group}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RetryResult retry(@PathVariable String group) {
        Group retried = groups().get(group);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = retried == null ? null
                : retried.processor().get().orElse(null);
        if (processor == null) {
            throw new EntityNotFoundException("no dead-letter queue for processing group " + group);
        }
        SequencedDeadLetterQueue<EventMessage<?>> queue = retried.queue();
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

    /** Axon's groups with a dead-letter queue on this instance, and the saga's parked events where the saga runs. */
    private SortedMap<String, Group> groups() {
        SortedMap<String, Group> groups = new TreeMap<>();
        queues.byGroup().forEach((name, queue) ->
                groups.put(name, new Group(queue, () -> processing.sequencedDeadLetterProcessor(name))));
        fulfilment.ifAvailable(parked ->
                groups.put(parked.group(), new Group(parked.queue(), () -> Optional.of(parked))));
        return groups;
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int parsed = Integer.parseInt(limit);
            if (parsed >= 1 && parsed <= MAX_LIMIT) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RuleViolationException("limit", "must be a whole number between 1 and " + MAX_LIMIT);
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
