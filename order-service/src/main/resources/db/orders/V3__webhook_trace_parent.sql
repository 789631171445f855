-- The trace a delivery continues when it is sent (W3C traceparent of the projection step that enqueued it; ADR 0026).
alter table webhook_delivery add column trace_parent text;
