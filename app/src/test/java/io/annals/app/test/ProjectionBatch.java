package io.annals.app.test;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.springframework.context.ApplicationContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hands events to a projection bean as its processor would: as one batch, in one batching unit of work and one
 * transaction, so a set-based projection writes them together as the batch prepares to commit.
 */
public final class ProjectionBatch {

    private final AnnotationEventHandlerAdapter projection;
    private final TransactionManager transactionManager;

    public ProjectionBatch(ApplicationContext context, String projectionBean) {
        this.projection = new AnnotationEventHandlerAdapter(context.getBean(projectionBean));
        this.transactionManager = context.getBean(TransactionManager.class);
    }

    /** Handles the events as one batch and fails the test if the batch failed. */
    public void handle(List<EventMessage<?>> events) {
        ResultMessage<?> result = handle(events, () -> {
        });
        assertThat(result.isExceptional()).as(() -> String.valueOf(result.optionalExceptionResult())).isFalse();
    }

    /** Handles the events as one batch; {@code beforeEach} runs in the batch's transaction before each event. */
    public ResultMessage<?> handle(List<EventMessage<?>> events, Runnable beforeEach) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.attachTransaction(transactionManager);
        return batch.executeWithResult(() -> {
            beforeEach.run();
            return projection.handle(batch.getMessage());
        });
    }

    /** Handles the events as one batch whose commit fails after the projection's write has run. */
    public ResultMessage<?> handleFailingAtCommit(List<EventMessage<?>> events) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.attachTransaction(transactionManager);
        return batch.executeWithResult(() -> {
            Object handled = projection.handle(batch.getMessage());
            if (batch.isLastMessage()) {
                // the projection registered its write with the first event: this later participant fails after it
                batch.onPrepareCommit(unitOfWork -> {
                    throw new IllegalStateException("a later participant of the batch fails");
                });
            }
            return handled;
        });
    }
}
