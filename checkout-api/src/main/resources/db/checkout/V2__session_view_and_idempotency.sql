-- The session read model, written in the same transaction as the session's events (subscribing processor).
create table session_view (
    session_id varchar(64)  primary key,
    agent_id   varchar(100) not null,
    status     varchar(40)  not null,
    version    bigint       not null,
    document   text         not null,
    expires_at timestamptz  not null,
    updated_at timestamptz  not null
);
create index session_view_open_by_expiry on session_view (expires_at)
    where status in ('not_ready_for_payment', 'ready_for_payment', 'authentication_required');

-- ACP idempotency: scoped to the authenticated agent and the request path.
create table idempotency_record (
    agent_id        varchar(100)  not null,
    request_path    varchar(300)  not null,
    idempotency_key varchar(255)  not null,
    fingerprint     char(64)      not null,
    state           varchar(20)   not null,
    response_status integer,
    response_body   text,
    locked_until    timestamptz   not null,
    created_at      timestamptz   not null,
    expires_at      timestamptz   not null,
    primary key (agent_id, request_path, idempotency_key)
);
create index idempotency_record_expiry on idempotency_record (expires_at);
