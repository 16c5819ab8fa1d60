-- The W3C traceparent of the span that queued an item (NULL while tracing is off), so the batch that delivers it
-- continues that trace: an order's confirmation stays in the order's trace.
ALTER TABLE batch_item ADD COLUMN trace_parent VARCHAR(64);
