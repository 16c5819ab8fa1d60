package io.annals.command.idempotency;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Durable Idempotency-Key records in PostgreSQL. Each statement commits on its own: a claim must be visible to
 * every node before the request it protects runs.
 */
@Component
class IdempotencyStore {

    enum ClaimState { CLAIMED, IN_PROGRESS, OTHER_BODY, COMPLETED }

    record Scope(String principal, String endpoint, String key) {
    }

    record StoredResponse(int status, String contentType, String headers, byte[] body) {
    }

    record Claim(ClaimState state, StoredResponse response) {
    }

    private final JdbcTemplate jdbc;
    private final IdempotencyProperties properties;

    IdempotencyStore(JdbcTemplate jdbc, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    Claim claim(Scope scope, String requestHash) {
        for (int attempt = 0; attempt < 3; attempt++) {
            int inserted = jdbc.update("""
                    INSERT INTO idempotency_record
                        (principal, endpoint, idempotency_key, request_hash, state, created_at)
                    VALUES (?, ?, ?, ?, 'IN_PROGRESS', now())
                    ON CONFLICT DO NOTHING""", scope.principal(), scope.endpoint(), scope.key(), requestHash);
            if (inserted == 1) {
                return new Claim(ClaimState.CLAIMED, null);
            }
            List<Claim> existing = jdbc.query("""
                    SELECT request_hash, state, created_at, response_status, response_type, response_headers,
                           response_body
                    FROM idempotency_record WHERE principal = ? AND endpoint = ? AND idempotency_key = ?""",
                    (rs, row) -> {
                        if (!rs.getString("request_hash").equals(requestHash)) {
                            return new Claim(ClaimState.OTHER_BODY, null);
                        }
                        if ("COMPLETED".equals(rs.getString("state"))) {
                            return new Claim(ClaimState.COMPLETED, new StoredResponse(rs.getInt("response_status"),
                                    rs.getString("response_type"), rs.getString("response_headers"),
                                    rs.getBytes("response_body")));
                        }
                        Instant started = rs.getTimestamp("created_at").toInstant();
                        boolean stale = started.isBefore(Instant.now().minus(properties.staleAfter()));
                        return new Claim(stale && takeOver(scope, started) ? ClaimState.CLAIMED
                                : ClaimState.IN_PROGRESS, null);
                    }, scope.principal(), scope.endpoint(), scope.key());
            if (!existing.isEmpty()) {
                return existing.get(0);
            }
            // the record vanished (its request failed with a 5xx) between our insert and select: claim again
        }
        return new Claim(ClaimState.IN_PROGRESS, null);
    }

    void complete(Scope scope, StoredResponse response) {
        jdbc.update("""
                UPDATE idempotency_record
                SET state = 'COMPLETED', response_status = ?, response_type = ?, response_headers = ?,
                    response_body = ?, completed_at = now()
                WHERE principal = ? AND endpoint = ? AND idempotency_key = ?""",
                response.status(), response.contentType(), response.headers(), response.body(),
                scope.principal(), scope.endpoint(), scope.key());
    }

    /** Forgets a claim whose request failed with a 5xx: such answers are not remembered. */
    void release(Scope scope) {
        jdbc.update("DELETE FROM idempotency_record WHERE principal = ? AND endpoint = ? AND idempotency_key = ? "
                + "AND state = 'IN_PROGRESS'", scope.principal(), scope.endpoint(), scope.key());
    }

    @Scheduled(fixedDelayString = "${annals.idempotency.cleanup-interval:1h}", initialDelayString = "1m")
    void deleteExpired() {
        jdbc.update("DELETE FROM idempotency_record WHERE created_at < ?",
                Timestamp.from(Instant.now().minus(properties.retention())));
    }

    private boolean takeOver(Scope scope, Instant started) {
        return jdbc.update("""
                UPDATE idempotency_record SET created_at = now()
                WHERE principal = ? AND endpoint = ? AND idempotency_key = ? AND state = 'IN_PROGRESS'
                  AND created_at = ?""",
                scope.principal(), scope.endpoint(), scope.key(), Timestamp.from(started)) == 1;
    }
}
