-- The webhook gauges (WebhookMetrics) count the deliveries not yet delivered, per endpoint, on every scrape. Without
-- an index for that predicate the count read the whole outbox, delivered history included, so a scrape's cost grew
-- with every order ever placed (ADR 0060). This partial index holds only the rows not yet delivered: it stays as small
-- as the backlog. Built concurrently, without blocking the order projection's inserts on a live outbox (the script
-- runs outside a transaction: V5__webhook_undelivered_index.sql.conf); a build that fails leaves an invalid index to
-- drop and rebuild.
create index concurrently if not exists webhook_delivery_undelivered
    on webhook_delivery (endpoint, created_at) include (status) where status <> 'delivered';
