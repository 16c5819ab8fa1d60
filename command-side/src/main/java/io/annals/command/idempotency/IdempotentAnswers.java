package io.annals.command.idempotency;

import io.annals.command.idempotency.AnswerOnCommit.PendingAnswer;
import io.annals.command.idempotency.IdempotencyStore.ClaimedKey;
import io.annals.command.idempotency.IdempotencyStore.StoredResponse;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * For the creating endpoints: makes a creation's answer part of its command's commit. The answer of a successful
 * creation is known before the command runs (the controller chooses the id), so it travels with the command and is
 * stored under the request's Idempotency-Key in the transaction that appends the events ({@link AnswerOnCommit}).
 * A retry after a crash between that commit and the response then replays the answer instead of creating a second
 * entity.
 */
@Component
@InstanceRole(Role.COMMAND)
public class IdempotentAnswers {

    /** The request attribute under which {@link IdempotencyFilter} leaves the key this request has claimed. */
    static final String CLAIMED_KEY = IdempotentAnswers.class.getName() + ".claimedKey";

    private final JsonMapper json;

    IdempotentAnswers(JsonMapper json) {
        this.json = json;
    }

    /**
     * @param command the creating command
     * @param answer  what the endpoint answers once the command has committed; rendered as Spring MVC renders it
     * @return the command to send: carrying the answer if the current request holds an Idempotency-Key, else as given
     */
    public Object rememberedOnCommit(Object command, ResponseEntity<?> answer) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null
                || !(request.getAttribute(CLAIMED_KEY, RequestAttributes.SCOPE_REQUEST) instanceof ClaimedKey key)) {
            return command;
        }
        // one answer per key: a second command of the same request must not complete it again
        request.removeAttribute(CLAIMED_KEY, RequestAttributes.SCOPE_REQUEST);
        StoredResponse stored = new StoredResponse(answer.getStatusCode().value(), MediaType.APPLICATION_JSON_VALUE,
                ReplayedHeaders.encode(answer.getHeaders()::getFirst), json.writeValueAsBytes(answer.getBody()));
        return GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(AnswerOnCommit.METADATA_KEY, new PendingAnswer(key, stored)));
    }
}
