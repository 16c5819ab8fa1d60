-- Read model of the orders projection (processing group "orders"). Lines and timeline are small JSON documents
-- that are always read whole with their order.
CREATE TABLE order_view (
    order_id            VARCHAR(64)    NOT NULL PRIMARY KEY,
    customer_id         VARCHAR(64)    NOT NULL,
    status              VARCHAR(20)    NOT NULL,
    lines               JSONB          NOT NULL,
    total_amount        NUMERIC(19, 4) NOT NULL,
    total_currency      VARCHAR(3)     NOT NULL,
    payment_id          VARCHAR(64),
    tracking_number     VARCHAR(64),
    cancellation_reason VARCHAR(32),
    timeline            JSONB          NOT NULL,
    version             BIGINT         NOT NULL,
    placed_at           TIMESTAMPTZ    NOT NULL,
    updated_at          TIMESTAMPTZ    NOT NULL
);
CREATE INDEX order_view_placed_idx ON order_view (placed_at DESC, order_id);
CREATE INDEX order_view_customer_idx ON order_view (customer_id, placed_at DESC);
CREATE INDEX order_view_status_idx ON order_view (status, placed_at DESC);
