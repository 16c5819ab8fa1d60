-- Read model of the products projection (processing group "products").
CREATE TABLE product_view (
    sku            VARCHAR(64)    NOT NULL PRIMARY KEY,
    name           VARCHAR(200)   NOT NULL,
    price_amount   NUMERIC(19, 4) NOT NULL,
    price_currency VARCHAR(3)     NOT NULL,
    available      BIGINT         NOT NULL,
    reserved       BIGINT         NOT NULL,
    version        BIGINT         NOT NULL,
    created_at     TIMESTAMPTZ    NOT NULL,
    updated_at     TIMESTAMPTZ    NOT NULL
);
CREATE INDEX product_view_name_idx ON product_view (name, sku);
CREATE INDEX product_view_available_idx ON product_view (available, sku);
