-- The fulfilment saga's class was renamed from OrderFulfilment to OrderFulfilmentSaga (issue 18). Axon finds stored
-- sagas by their type, so sagas started before the rename keep running only if their stored type follows the class:
--  * saga_entry.saga_type and association_value_entry.saga_type hold the serializer's type name of the saga class,
--    its fully-qualified name (JdbcSagaStore; the serialized saga itself carries no class name of the saga);
--  * a pending deadline (scheduled_tasks, db-scheduler task 'AxonDeadline', JSON task data) holds its scope as a
--    JSON string, a SagaScopeDescriptor whose type is the saga's simple class name; the saga manager delivers it only
--    to a saga type of that simple name.
-- The fulfilment journal (fulfilment_saga.saga_type) keeps its published name and needs nothing.
UPDATE saga_entry
   SET saga_type = 'io.annals.choreography.fulfilment.OrderFulfilmentSaga'
 WHERE saga_type = 'io.annals.choreography.fulfilment.OrderFulfilment';

UPDATE association_value_entry
   SET saga_type = 'io.annals.choreography.fulfilment.OrderFulfilmentSaga'
 WHERE saga_type = 'io.annals.choreography.fulfilment.OrderFulfilment';

-- Rewritten as JSON (not as text) so the escaping inside the scope string cannot trip a text match; key order and
-- spacing may change, which Jackson does not mind.
UPDATE scheduled_tasks
   SET task_data = convert_to(
           jsonb_set(convert_from(task_data, 'UTF8')::jsonb, '{scopeDescriptor}',
                     to_jsonb(jsonb_set((convert_from(task_data, 'UTF8')::jsonb ->> 'scopeDescriptor')::jsonb,
                                        '{type}', '"OrderFulfilmentSaga"')::text))::text,
           'UTF8')
 WHERE task_name = 'AxonDeadline'
   AND convert_from(task_data, 'UTF8')::jsonb ->> 'scopeDescriptorClass'
       = 'org.axonframework.modelling.saga.SagaScopeDescriptor'
   AND (convert_from(task_data, 'UTF8')::jsonb ->> 'scopeDescriptor')::jsonb ->> 'type' = 'OrderFulfilment';
