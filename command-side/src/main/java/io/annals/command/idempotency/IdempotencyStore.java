package io.annals.command.idempotency;

import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Durable Idempotency-Key records in PostgreSQL.
 *
 * <p>{@link #claim} commits on its own: a claim must be visible to every node before the request it protects runs.
 * {@link #complete} joins the caller's transaction when there is one: the answer of a creation is written in the
 * transaction that appends its events ({@link AnswerOnCommit}), so both are stored or neither is.
 *
 * <p>A claim is fenced by the time it was made ({@code created_at}, which a stale takeover renews): completing or
 * releasing a key succeeds only for the request that holds the current claim, so a request that was presumed dead
 * and overtaken can neither store its answer nor commit its command.
 */
@Component
@InstanceRole(Role.COMMAND)
class IdempotencyStore {

    enum ClaimState { CLAIMED, IN_PROGRESS, OTHER_BODY, COMPLETED }

    record Scope(String principal, String endpoint, String key) {
    }

    record StoredResponse(int status, String contentType, String headers, byte[] body) {
    }

    /** A key this request holds, as of {@code claimedAt}. */
    record ClaimedKey(Scope scope, OffsetDateTime claimedAt) {
    }

    /**
     * @param claimed  the key, when {@code state} is CLAIMED
     * @param response the first answer, when {@code state} is COMPLETED
     */
    record Claim(ClaimState state, ClaimedKey claimed, StoredResponse response) {
    }

    private record Existing(String requestHash, String state, OffsetDateTime createdAt, StoredResponse response) {
    }

    private final JdbcTemplate jdbc;
    private final IdempotencyProperties properties;

    IdempotencyStore(JdbcTemplate jdbc, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    Claim claim(Scope scope, String requestHash) {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<OffsetDateTime> inserted = jdbc.query("""
                    INSERT INTO idempotency_record
                        (principal, endpoint, idempotency_key, request_hash, state, created_at)
                    VALUES (?, ?, ?, ?, 'IN_PROGRESS', now())
                    ON CONFLICT DO NOTHING
                    RETURNING created_at""", (rs, row) -> rs.getObject("created_at", OffsetDateTime.class),
                    scope.principal(), scope.endpoint(), scope.key(), requestHash);
            if (!inserted.isEmpty()) {
                return claimed(scope, inserted.get(0));
            }
            List<Existing> existing = jdbc.query("""
                    SELECT request_hash, state, created_at, response_status, response_type, response_headers,
                           response_body
                    FROM idempotency_record WHERE principal = ? AND endpoint = ? AND idempotency_key = ?""",
                    (rs, row) -> new Existing(rs.getString("request_hash"), rs.getString("state"),
                            rs.getObject("created_at", OffsetDateTime.class), new StoredResponse(
                                    rs.getInt("response_status"), rs.getString("response_type"),
                                    rs.getString("response_headers"), rs.getBytes("response_body"))),
                    scope.principal(), scope.endpoint(), scope.key());
            if (!existing.isEmpty()) {
                return claimOf(scope, requestHash, existing.get(0));
            }
            // the record vanished (its request failed with a 5xx) between our insert and select: claim again
        }
        return new Claim(ClaimState.IN_PROGRESS, null, null);
    }

    /**
     * Stores the first answer for a key this request still holds; joins the caller's transaction, if any.
     *
     * @return false if the key was completed already (by the command's own transaction) or is no longer this
     * request's (taken over as stale)
     */
    boolean complete(ClaimedKey claimed, StoredResponse response) {
        Scope scope = claimed.scope();
        return jdbc.update("""
                UPDATE idempotency_record
                SET state = 'COMPLETED', response_status = ?, response_type = ?, response_headers = ?,
                    response_body = ?, completed_at = now()
                WHERE principal = ? AND endpoint = ? AND idempotency_key = ? AND state = 'IN_PROGRESS'
                  AND created_at = ?""",
                response.status(), response.contentType(), response.headers(), response.body(),
                scope.principal(), scope.endpoint(), scope.key(), claimed.claimedAt()) == 1;
    }

    /**
     * Forgets a claim whose request did not get an answer worth remembering (a 5xx, or no endpoint answered). A key
     * completed by its command's transaction stays: that command has created its entity.
     */
    void release(ClaimedKey claimed) {
        Scope scope = claimed.scope();
        jdbc.update("""
                DELETE FROM idempotency_record
                WHERE principal = ? AND endpoint = ? AND idempotency_key = ? AND state = 'IN_PROGRESS'
                  AND created_at = ?""",
                scope.principal(), scope.endpoint(), scope.key(), claimed.claimedAt());
    }

    @Scheduled(fixedDelayString = "${annals.idempotency.cleanup-interval:1h}", initialDelayString = "1m")
    void deleteExpired() {
        jdbc.update("DELETE FROM idempotency_record WHERE created_at < ?",
                Timestamp.from(Instant.now().minus(properties.retention())));
    }

    private Claim claimOf(Scope scope, String requestHash, Existing existing) {
        if (!existing.requestHash().equals(requestHash)) {
            return new Claim(ClaimState.OTHER_BODY, null, null);
        }
        if ("COMPLETED".equals(existing.state())) {
            return new Claim(ClaimState.COMPLETED, null, existing.response());
        }
        boolean stale = existing.createdAt().toInstant().isBefore(Instant.now().minus(properties.staleAfter()));
        OffsetDateTime takenOver = stale ? takeOver(scope, existing.createdAt()) : null;
        return takenOver != null ? claimed(scope, takenOver) : new Claim(ClaimState.IN_PROGRESS, null, null);
    }

    private static Claim claimed(Scope scope, OffsetDateTime claimedAt) {
        return new Claim(ClaimState.CLAIMED, new ClaimedKey(scope, claimedAt), null);
    }

    /** @return the new claim time, or null if another request took the key over first */
    private OffsetDateTime takeOver(Scope scope, OffsetDateTime started) {
        List<OffsetDateTime> renewed = jdbc.query("""
                UPDATE idempotency_record SET created_at = now()
                WHERE principal = ? AND endpoint = ? AND idempotency_key = ? AND state = 'IN_PROGRESS'
                  AND created_at = ?
                RETURNING created_at""", (rs, row) -> rs.getObject("created_at", OffsetDateTime.class),
                scope.principal(), scope.endpoint(), scope.key(), started);
        return renewed.isEmpty() ? null : renewed.get(0);
    }
}
