-- Write-only agent data (ACP affiliate attribution and intent traces): kept for the merchant, never rendered to
-- agents. Written by the session-view processing group, in the transaction of the session's events.
create table session_attribution (
    session_id   varchar(64)   not null,
    touchpoint   varchar(10)   not null,
    agent_id     varchar(100)  not null,
    provider     varchar(256)  not null,
    token        text,
    publisher_id varchar(256),
    campaign_id  varchar(256),
    creative_id  varchar(256),
    sub_id       varchar(256),
    source_type  varchar(20),
    source_url   text,
    issued_at    varchar(64),
    expires_at   varchar(64),
    metadata     text,
    recorded_at  timestamptz   not null,
    primary key (session_id, touchpoint)
);

create table session_intent_trace (
    session_id  varchar(64)  primary key,
    agent_id    varchar(100) not null,
    reason_code varchar(40)  not null,
    summary     varchar(500),
    metadata    text,
    recorded_at timestamptz  not null
);
create index session_intent_trace_by_reason on session_intent_trace (reason_code, recorded_at);

-- The merchant's marketing consents: the latest decision per channel and contact, with where it came from.
create table marketing_consent (
    channel     varchar(50)  not null,
    contact     varchar(320) not null,
    opted_in    boolean      not null,
    customer_id varchar(200),
    session_id  varchar(64)  not null,
    agent_id    varchar(100) not null,
    updated_at  timestamptz  not null,
    primary key (channel, contact)
);
