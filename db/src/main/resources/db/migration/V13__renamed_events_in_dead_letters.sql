-- Four product events were renamed so an event names its owner (issue 18). The event store keeps the old names and
-- reads them through command-side's RenamedEventsUpcaster, but Axon's JDBC dead-letter queue deserializes a parked
-- event without the upcaster chain, so a parked event of an old name would come back as an unknown type. Parked
-- events are work still to do, not history: their stored type follows the class.
UPDATE dead_letter_entry AS letter
   SET payload_type = renamed.new_name
  FROM (VALUES ('io.annals.kernel.product.StockReserved', 'io.annals.kernel.product.ProductStockReserved'),
               ('io.annals.kernel.product.StockReservationRejected',
                'io.annals.kernel.product.ProductStockReservationRejected'),
               ('io.annals.kernel.product.StockReleased', 'io.annals.kernel.product.ProductStockReleased'),
               ('io.annals.kernel.product.StockShipped', 'io.annals.kernel.product.ProductStockShipped'))
       AS renamed (old_name, new_name)
 WHERE letter.payload_type = renamed.old_name;

UPDATE fulfilment_dead_letter_entry AS letter
   SET payload_type = renamed.new_name
  FROM (VALUES ('io.annals.kernel.product.StockReserved', 'io.annals.kernel.product.ProductStockReserved'),
               ('io.annals.kernel.product.StockReservationRejected',
                'io.annals.kernel.product.ProductStockReservationRejected'),
               ('io.annals.kernel.product.StockReleased', 'io.annals.kernel.product.ProductStockReleased'),
               ('io.annals.kernel.product.StockShipped', 'io.annals.kernel.product.ProductStockShipped'))
       AS renamed (old_name, new_name)
 WHERE letter.payload_type = renamed.old_name;
