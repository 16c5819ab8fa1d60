package io.annals.app.rebuild;

import io.annals.app.processor.NodeName;
import io.annals.app.processor.StoredTokens;
import io.annals.kernel.error.EntityNotFoundException;
import io.annals.kernel.error.StateConflictException;
import io.annals.query.admin.ProjectionRebuilds;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Starts a rebuild in one transaction: its row in {@code projection_rebuild} (the primary key refuses a second one,
 * 409), the empty next generation ({@link ShadowTables}), and the rebuild's tokens, one per segment of the live
 * processor (so the switch can hand each segment's token over), each a replay token from the store's start. Every
 * instance's {@link RebuildRunner} then takes part.
 */
@Component
@EnableConfigurationProperties(RebuildProperties.class)
class JdbcProjectionRebuilds implements ProjectionRebuilds {

    private static final String INSERT = """
            INSERT INTO projection_rebuild (projection, target_position, requested_at, requested_by)
            VALUES (?, ?, now(), ?) ON CONFLICT (projection) DO NOTHING""";
    private static final String TARGET = "SELECT target_position FROM projection_rebuild WHERE projection = ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventStore eventStore;
    private final TokenStore tokenStore;
    private final StoredTokens tokens;
    private final ReadModels readModels;
    private final ShadowTables shadowTables;
    private final RebuildRunner runner;
    private final NodeName nodeName;

    JdbcProjectionRebuilds(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, EventStore eventStore,
                           TokenStore tokenStore, StoredTokens tokens, ReadModels readModels,
                           ShadowTables shadowTables, RebuildRunner runner, NodeName nodeName) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.tokens = tokens;
        this.readModels = readModels;
        this.shadowTables = shadowTables;
        this.runner = runner;
        this.nodeName = nodeName;
    }

    @Override
    public void start(String projection) {
        List<String> tables = readModels.tablesOf(projection)
                .orElseThrow(() -> new EntityNotFoundException("no projection " + projection + " on this instance"));
        transactions.executeWithoutResult(status -> {
            TrackingToken head = eventStore.createHeadToken();
            long target = head == null ? 0 : head.position().orElse(0);
            if (jdbc.update(INSERT, projection, target, nodeName.value()) == 0) {
                throw new StateConflictException("projection " + projection + " is being rebuilt already");
            }
            shadowTables.create(projection, tables);
            String rebuild = LocalRebuild.processorName(projection);
            jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", rebuild);
            // from the tail token rather than from nothing: a token without a position would keep the stream's pacing
            // (which needs every segment's position) off until each segment had handled a batch
            TrackingToken fromTheStart = ReplayToken.createReplayToken(head, eventStore.createTailToken());
            for (Integer segment : tokens.of(projection).keySet()) {
                tokenStore.initializeSegment(fromTheStart, rebuild, segment);
            }
        });
        runner.wake();
    }

    @Override
    public OptionalDouble progress(String projection) {
        List<Long> target = jdbc.queryForList(TARGET, Long.class, projection);
        if (target.isEmpty()) {
            return OptionalDouble.empty();
        }
        long position = Math.max(0, StoredTokens.slowestPosition(tokens.of(LocalRebuild.processorName(projection)).values()));
        return OptionalDouble.of(target.get(0) <= 0 ? 1.0 : Math.min(1.0, (double) position / target.get(0)));
    }
}
