-- Ops audits look events up by checkout session: the session id sits in an event's metadata (commands sent for a
-- session) or in its payload (integration events). An expression index on it turns that lookup from a scan of the
-- whole log into an index probe. Repeatable (re-run when changed) so that existing databases get it too.
-- The function is declared immutable: it reads only its arguments, and the database encoding is fixed at UTF-8.
-- The index is built concurrently, without blocking writes to a live event store (the script runs outside a
-- transaction: R__event_session_index.sql.conf); a build that fails leaves an invalid index to drop and rebuild.
create or replace function acp_event_session(meta bytea, payload bytea) returns text
    language sql immutable parallel safe as $$
    select coalesce(
        case when meta is not null then convert_from(meta, 'UTF8')::jsonb ->> 'sessionId' end,
        case when jsonb_typeof(convert_from(payload, 'UTF8')::jsonb) = 'object'
             then convert_from(payload, 'UTF8')::jsonb ->> 'sessionId' end)
$$;

create index concurrently if not exists domain_event_entry_session on domain_event_entry (acp_event_session(meta_data, payload));
