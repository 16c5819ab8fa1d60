-- Command-side record of registered skus, written in the same transaction as the product's first event (like
-- customer_registry). The fulfilment workflow asks the command side whether an order's skus exist (a query handled
-- on this table) instead of reading the event store's rows itself. Products are never deleted, so a row stays.
CREATE TABLE sku_registry (
    sku VARCHAR(255) NOT NULL PRIMARY KEY
);

-- every product registered before this table existed: the first event of each product aggregate
INSERT INTO sku_registry (sku)
SELECT aggregate_identifier FROM domain_event_entry WHERE type = 'Product' AND sequence_number = 0
ON CONFLICT DO NOTHING;
