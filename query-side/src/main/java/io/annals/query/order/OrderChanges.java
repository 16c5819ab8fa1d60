package io.annals.query.order;

import io.annals.kernel.Money;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code orders} projection records of each event (a {@link Change}) and how one order's changes of a batch
 * fold into its row ({@link Fold}), before {@link OrderViewWriter} writes the batch set-based.
 */
final class OrderChanges {

    private OrderChanges() {
    }

    /** What a placed order's row starts with besides its status and timeline. */
    record Placement(String customerId, List<OrderLine> lines, Money total) {
    }

    /**
     * The facts an event records besides the status; {@code null} where it records none. The order aggregate records
     * each of them at most once per order.
     */
    record Facts(String paymentId, String trackingNumber, String cancellationReason) {

        static final Facts NONE = new Facts(null, null, null);

        static Facts payment(String paymentId) {
            return new Facts(paymentId, null, null);
        }

        static Facts shipment(String trackingNumber) {
            return new Facts(null, trackingNumber, null);
        }

        static Facts cancellation(String reason) {
            return new Facts(null, null, reason);
        }

        /** These facts with the ones a later event recorded. */
        Facts then(Facts later) {
            return new Facts(later.paymentId != null ? later.paymentId : paymentId,
                    later.trackingNumber != null ? later.trackingNumber : trackingNumber,
                    later.cancellationReason != null ? later.cancellationReason : cancellationReason);
        }
    }

    /**
     * One event of an order.
     *
     * @param status    the status it moves the order to (a timeline entry at {@code at}), or {@code null} for a
     *                  workflow event, which changes only the version and the update time
     * @param placement the new row's values, or {@code null} for an event of an existing order
     */
    record Change(long version, Instant at, OrderStatus status, Facts facts, Placement placement) {

        static Change placed(Placement placement, long version, Instant at) {
            return new Change(version, at, OrderStatus.PENDING, Facts.NONE, placement);
        }

        static Change movedTo(OrderStatus status, Facts facts, long version, Instant at) {
            return new Change(version, at, status, facts, null);
        }

        static Change workflowStep(long version, Instant at) {
            return new Change(version, at, null, Facts.NONE, null);
        }
    }

    /** One order's row after the batch's events, from its version before them. */
    static final class Fold {

        final Long readVersion;
        Long version;
        Placement placement;
        Instant placedAt;
        Instant updatedAt;
        OrderStatus status;
        Facts facts = Facts.NONE;
        final List<Change> entries = new ArrayList<>();

        Fold(Long readVersion) {
            this.readVersion = readVersion;
            this.version = readVersion;
        }

        void apply(Change change) {
            if (change.placement() != null) {
                if (version != null) { // a placement only creates a row that is not there yet
                    return;
                }
                placement = change.placement();
                placedAt = change.at();
            } else if (version == null || change.version() <= version) {
                return;
            }
            version = change.version();
            updatedAt = change.at();
            facts = facts.then(change.facts());
            if (change.status() != null) {
                status = change.status();
                entries.add(change);
            }
        }

        boolean changed() {
            return version != null && !version.equals(readVersion);
        }
    }
}
