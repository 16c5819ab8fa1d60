package io.annals.choreography.batch;

/**
 * Carries an item's trace context from the moment it is queued to the delivery of its batch, which runs later on a
 * batcher thread, maybe on another node: the batch continues the trace of its first item (a batch of one order's
 * confirmation stays in that order's trace). The tracing runtime implements it; {@link #NONE} while tracing is off.
 */
public interface BatchTracing {

    /** No tracing: nothing is carried. */
    BatchTracing NONE = new BatchTracing() {
        @Override
        public String current() {
            return null;
        }

        @Override
        public Scope resume(String traceParent) {
            return () -> {
            };
        }
    };

    /** The current trace context as a W3C {@code traceparent}, or {@code null} without one. */
    String current();

    /** Makes {@code traceParent} (a {@link #current()} answer, maybe {@code null}) the current context until closed. */
    Scope resume(String traceParent);

    /** A resumed context, current until closed. */
    interface Scope extends AutoCloseable {

        @Override
        void close();
    }
}
