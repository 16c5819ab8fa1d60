-- Command-side lookup of live customers, written in the same transaction as the customer's events. It makes email
-- uniqueness race-free across nodes (the unique index decides) and lets PlaceOrder check that a customer exists
-- without touching the eventually consistent read model.
CREATE TABLE customer_registry (
    customer_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    email_key   VARCHAR(254) NOT NULL,
    CONSTRAINT customer_registry_email_uk UNIQUE (email_key)
);

-- Read model of the customers projection (processing group "customers"). A deleted customer stays as a tombstone
-- (deleted = true, hidden from every query) so that a read-your-writes GET can tell "deleted" from "not yet seen".
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE customer_view (
    customer_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    email       VARCHAR(254) NOT NULL,
    email_key   VARCHAR(254) NOT NULL,
    name        VARCHAR(200) NOT NULL,
    name_key    VARCHAR(200) NOT NULL,
    deleted     BOOLEAN      NOT NULL DEFAULT FALSE,
    version     BIGINT       NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX customer_view_email_idx ON customer_view (email, customer_id);
CREATE INDEX customer_view_email_key_idx ON customer_view (email_key);
CREATE INDEX customer_view_name_idx ON customer_view (name, customer_id);
CREATE INDEX customer_view_created_idx ON customer_view (created_at, customer_id);
-- case-insensitive substring search (q) on name or email
CREATE INDEX customer_view_name_trgm_idx ON customer_view USING gin (name_key gin_trgm_ops);
CREATE INDEX customer_view_email_trgm_idx ON customer_view USING gin (email_key gin_trgm_ops);
