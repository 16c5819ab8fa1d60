package io.annals.app.rebuild;

import io.annals.app.processor.NodeName;
import io.annals.app.processor.ProjectionTransactionManager;
import io.annals.app.processor.StoredTokens;
import io.annals.app.rebuild.LocalRebuild.RebuildRow;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Moves a caught-up rebuild's generation into place, in one transaction:
 * <ol>
 *   <li>takes the projection's switch lock exclusively ({@link ProjectionTransactionManager}): the live processor's
 *       batches on every instance finish, and no new one starts until the commit;</li>
 *   <li>waits (at most {@code switch-wait}) until the rebuild has handled every event the live processor has, so no
 *       answer after the switch is older than one before it;</li>
 *   <li>takes the rebuild's row exclusively: its batches on every instance finish, and none starts again
 *       ({@link RebuildTransactionManager});</li>
 *   <li>hands the rebuild's tokens to the live processor, segment by segment, claimed by this instance, so the live
 *       processor goes on exactly where the rebuild stopped: nothing handled twice (the intake's counts are sums), and
 *       nothing missed; another instance's batch started before the switch cannot store its older token, as it no
 *       longer owns the segment;</li>
 *   <li>replaces the live tables by the new ones ({@link ShadowTables#promote}) and deletes the rebuild's tokens and
 *       row.</li>
 * </ol>
 * Readers are held only while the tables are swapped (the drop and the moves need PostgreSQL's exclusive lock), and
 * then read the new generation. The caller stops this instance's own live processor before and starts it after, so no
 * batch of this instance holds a token from before the switch either.
 */
@Component
class GenerationSwitch {

    private static final Logger log = LoggerFactory.getLogger(GenerationSwitch.class);

    private static final String SWITCH_LOCK =
            "SELECT pg_advisory_xact_lock(" + ProjectionTransactionManager.SWITCH_LOCKS + ", hashtext(?))";
    private static final String ROW = "SELECT generation FROM projection_rebuild WHERE projection = ? FOR UPDATE";
    private static final String HAND_OVER = """
            UPDATE token_entry SET token = ?, token_type = ?, owner = ?, timestamp = ?
             WHERE processor_name = ? AND segment = ?""";
    private static final String STORED = "SELECT count(*) FROM domain_event_entry WHERE global_index = ANY(?)";
    private static final long WAIT_STEP_MILLIS = 20;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final StoredTokens tokens;
    private final Serializer serializer;
    private final ShadowTables shadowTables;
    private final NodeName nodeName;
    private final RebuildProperties properties;

    GenerationSwitch(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, StoredTokens tokens,
                     Serializer serializer, ShadowTables shadowTables, NodeName nodeName,
                     RebuildProperties properties) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.tokens = tokens;
        this.serializer = serializer;
        this.shadowTables = shadowTables;
        this.nodeName = nodeName;
        this.properties = properties;
    }

    /** Whether the switch happened; if not (the rebuild was not caught up in time), it may be tried again. */
    boolean trySwitch(RebuildRow rebuild, List<String> tables) {
        Boolean switched = transactions.execute(status -> {
            jdbc.query("SELECT set_config('lock_timeout', ?, true)", row -> {
            }, properties.lockTimeout().toMillis() + "ms");
            jdbc.query(SWITCH_LOCK, row -> {
            }, rebuild.projection());
            if (!awaitCaughtUp(rebuild.projection())) {
                status.setRollbackOnly();
                return false;
            }
            List<Long> generation = jdbc.queryForList(ROW, Long.class, rebuild.projection());
            if (!generation.contains(rebuild.generation())) {
                status.setRollbackOnly(); // switched or abandoned by another instance meanwhile
                return false;
            }
            handOverTokens(rebuild.projection());
            shadowTables.promote(rebuild.projection(), tables);
            jdbc.update("DELETE FROM token_entry WHERE processor_name = ?",
                    LocalRebuild.processorName(rebuild.projection()));
            jdbc.update("DELETE FROM projection_rebuild WHERE projection = ?", rebuild.projection());
            return true;
        });
        return Boolean.TRUE.equals(switched);
    }

    /**
     * Polls the stored tokens while the live processor is held: a database wait inside the transaction that holds
     * the switch lock, bounded by {@code switch-wait}.
     */
    private boolean awaitCaughtUp(String projection) {
        long deadline = System.nanoTime() + properties.switchWait().toNanos();
        while (true) {
            if (caughtUp(projection)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                log.info("Rebuild of {} not caught up with the live projection within {}; switching later",
                        projection, properties.switchWait());
                return false;
            }
            try {
                Thread.sleep(WAIT_STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Whether the rebuild has handled every event the live processor handled (on any instance). */
    boolean caughtUp(String projection) {
        TrackingToken live = StoredTokens.upperBound(tokens.of(projection).values());
        if (live == null) {
            return true;
        }
        Map<Integer, TrackingToken> rebuilt = tokens.of(LocalRebuild.processorName(projection));
        TrackingToken rebuiltUpTo = rebuilt.isEmpty() ? null : StoredTokens.lowerBound(rebuilt.values());
        if (rebuiltUpTo == null) {
            return false;
        }
        if (rebuiltUpTo.covers(live)) {
            return true;
        }
        if (!(rebuiltUpTo instanceof GapAwareTrackingToken rebuiltGaps && live instanceof GapAwareTrackingToken liveGaps)
                || rebuiltGaps.getIndex() < liveGaps.getIndex()) {
            return false;
        }
        // the rebuild's token still lists gaps below the live one's index that the live token does not: positions
        // no event ever took (a rolled-back append; the live token has dropped them as too old), or events committed
        // late that the rebuild has not read yet. Only the latter keep it from being caught up.
        Long[] unseen = rebuiltGaps.getGaps().headSet(liveGaps.getIndex()).stream()
                .filter(gap -> !liveGaps.getGaps().contains(gap))
                .toArray(Long[]::new);
        return unseen.length == 0 || jdbc.queryForObject(STORED, Long.class, (Object) unseen) == 0;
    }

    private void handOverTokens(String projection) {
        Map<Integer, TrackingToken> rebuilt = tokens.of(LocalRebuild.processorName(projection));
        TrackingToken common = StoredTokens.lowerBound(rebuilt.values());
        String now = DateTimeUtils.formatInstant(Instant.now());
        for (Integer segment : tokens.of(projection).keySet()) {
            // a rebuild's segments are the live processor's (JdbcProjectionRebuilds); a segment split since then gets the
            // point all of the rebuild's segments reached
            TrackingToken token = rebuilt.containsKey(segment) ? StoredTokens.handled(rebuilt.get(segment)) : common;
            if (token == null) {
                continue; // nothing in the store yet: the live processor starts from its beginning, as it would
            }
            SerializedObject<byte[]> serialized = serializer.serialize(token, byte[].class);
            jdbc.update(HAND_OVER, serialized.getData(), serialized.getType().getName(), nodeName.value(), now,
                    projection, segment);
        }
    }
}
