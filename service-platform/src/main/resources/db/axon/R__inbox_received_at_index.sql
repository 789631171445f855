-- The inbox forgets messages past its retention (InboxRetention, ADR 0061): this index finds them without reading the
-- whole table. received_at only grows, so inserts append at the index's end. Repeatable (re-run when changed) so that
-- existing databases get it too; built concurrently, without blocking the consumers' inserts into a live inbox (the
-- script runs outside a transaction: R__inbox_received_at_index.sql.conf); a build that fails leaves an invalid index
-- to drop and rebuild.
create index concurrently if not exists inbox_message_received_at on inbox_message (received_at);
