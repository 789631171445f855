-- Tells every replica of the service that events were stored (ADR 0051): each statement that inserts into the event
-- table sends one notification on a channel named after the schema, carrying the writer's application_name (unique per
-- replica), so a replica wakes its event store for events another replica wrote and skips its own. PostgreSQL delivers
-- it at commit, when the events are visible, and folds repeats within one transaction into one.
create or replace function acp_notify_events_stored() returns trigger
    language plpgsql as $$
begin
    perform pg_notify('acp_events_' || tg_table_schema, current_setting('application_name'));
    return null;
end
$$;

drop trigger if exists acp_events_stored on domain_event_entry;
create trigger acp_events_stored after insert on domain_event_entry
    for each statement execute function acp_notify_events_stored();
