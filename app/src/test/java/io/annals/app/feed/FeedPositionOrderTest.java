package io.annals.app.feed;

import io.annals.app.feed.PositionOrder.Released;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PositionOrder}: ids in increasing position order although the store shows concurrent appends out of
 * order, a rolled-back position holding nothing back for longer than the gap wait, and a late event still delivered
 * under an id that keeps resuming exact.
 */
class FeedPositionOrderTest {

    private static final long GAP_WAIT = TimeUnit.MILLISECONDS.toNanos(500);

    private final PositionOrder testSubject = new PositionOrder(10, GAP_WAIT, 3);

    @Test
    void anEventWaitsForALowerPositionStillBeingCommittedAndBothLeaveInOrder() {
        assertThat(testSubject.accept(event(12, 11), 0)).isEmpty();
        assertThat(testSubject.nextDue()).hasValue(GAP_WAIT);

        List<Released> released = testSubject.accept(event(12), 1_000); // 11 filled: the index stays at 12

        assertThat(released).extracting(Released::id).containsExactly(11L, 12L);
        assertThat(released).extracting(Released::position).containsExactly(11L, 12L);
        assertThat(testSubject.nextDue()).isEmpty();
    }

    @Test
    void aGapStillOpenAfterTheGapWaitHoldsNothingBackAndItsLateEventComesUnderTheHighestId() {
        assertThat(testSubject.accept(event(12, 11), 0)).isEmpty();
        assertThat(testSubject.due(GAP_WAIT - 1)).isEmpty();

        assertThat(testSubject.due(GAP_WAIT)).extracting(Released::id).containsExactly(12L);
        assertThat(testSubject.accept(event(13, 11), GAP_WAIT + 1)).as("an expired gap blocks nothing")
                .extracting(Released::id).containsExactly(13L);

        List<Released> late = testSubject.accept(event(13), GAP_WAIT + 2); // 11 filled after all
        assertThat(late).extracting(Released::position).containsExactly(11L);
        assertThat(late).extracting(Released::id).as("resuming after 13 must not repeat 12 and 13")
                .containsExactly(13L);
    }

    @Test
    void eventsInOrderLeaveAtOnce() {
        assertThat(testSubject.accept(event(11), 0)).extracting(Released::id).containsExactly(11L);
        assertThat(testSubject.accept(event(12), 0)).extracting(Released::id).containsExactly(12L);
        assertThat(testSubject.highest()).isEqualTo(12);
    }

    @Test
    void beyondTheHeldBoundTheLowestLeavesWithoutWaiting() {
        assertThat(testSubject.accept(event(12, 11), 0)).isEmpty();
        assertThat(testSubject.accept(event(14, 11, 13), 0)).isEmpty();
        assertThat(testSubject.accept(event(16, 11, 13, 15), 0)).isEmpty();

        assertThat(testSubject.accept(event(18, 11, 13, 15, 17), 0)).as("14 still waits for 13")
                .extracting(Released::id).containsExactly(12L);
    }

    /**
     * An event as the storage engine hands it out, with the stream's token after it: the highest position seen and
     * the open gaps below (an event that fills a gap leaves the index and drops the gap).
     */
    private static TrackedEventMessage<?> event(long index, long... gaps) {
        TreeSet<Long> open = new TreeSet<>();
        for (long gap : gaps) {
            open.add(gap);
        }
        return new GenericTrackedEventMessage<>(GapAwareTrackingToken.newInstance(index, open),
                GenericEventMessage.asEventMessage("an event"));
    }
}
