package io.annals.app.rebuild;

import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a rebuild counts as caught up with the live projection: it has handled every event the live one has. Gaps
 * in the rebuild's token that the live token no longer lists are positions no event took (the live token dropped
 * them as too old) unless the store holds an event there, which the rebuild has yet to read.
 */
@EndToEndTest
class CaughtUpTest {

    @Autowired
    GenerationSwitch generationSwitch;
    @Autowired
    TokenStore tokenStore;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApplicationContext context;

    @Test
    void aRebuildBehindTheLiveProjectionIsNotCaughtUp() {
        String projection = uniqueProjection();
        store(projection, token(100));
        store(LocalRebuild.processorName(projection), token(99));

        assertThat(generationSwitch.caughtUp(projection)).isFalse();
    }

    @Test
    void aRebuildAtOrBeyondTheLiveProjectionIsCaughtUp() {
        String projection = uniqueProjection();
        store(projection, token(100, 97));
        store(LocalRebuild.processorName(projection), token(101, 97));

        assertThat(generationSwitch.caughtUp(projection)).isTrue();
    }

    @Test
    void aGapOnlyTheRebuildListsWhereNoEventIsDoesNotHoldItBack() {
        long free = head() + 1_000;
        String projection = uniqueProjection();
        store(projection, token(free + 10));
        store(LocalRebuild.processorName(projection), token(free + 10, free));

        assertThat(generationSwitch.caughtUp(projection)).isTrue();
    }

    @Test
    void aGapOnlyTheRebuildListsWhereAnEventIsHoldsItBack() {
        String sku = ApiClient.of(context).registerProduct("CAUGHTUP", 1);
        long stored = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, sku);
        String projection = uniqueProjection();
        store(projection, token(head() + 10));
        store(LocalRebuild.processorName(projection), token(head() + 10, stored));

        assertThat(generationSwitch.caughtUp(projection)).isFalse();
    }

    private long head() {
        return jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
    }

    private static TrackingToken token(long index, long... gaps) {
        return GapAwareTrackingToken.newInstance(index, Arrays.stream(gaps).boxed().toList());
    }

    private void store(String processor, TrackingToken token) {
        transactionManager.executeInTransaction(() -> tokenStore.initializeSegment(token, processor, 0));
    }

    private static String uniqueProjection() {
        return "caughtup" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

}
