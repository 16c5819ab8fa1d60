package io.annals.command.intake;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An event of a request that was not stored, and why.
 *
 * @param index   its place in the request (0-based; a single event not in an array is 0)
 * @param eventId its {@code event_id} when it had a readable one
 * @param field   the offending field ({@code event} when the element itself is wrong); also the metric's tag
 * @param reason  the field and what is wrong with it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IntakeRejection(int index, @JsonProperty("event_id") String eventId,
                       @JsonIgnore String field, String reason) {

    static IntakeRejection of(int index, String eventId, String field, String problem) {
        return new IntakeRejection(index, eventId, field, field + ": " + problem);
    }
}
