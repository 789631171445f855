-- The ops console (ADR 0029): signed-in sessions (only the SHA-256 of the cookie's value is stored) and the record of
-- every ops write, allowed or refused, through the console or the API.
create table ops_console_session (
    id_sha256      varchar(64)  primary key,
    actor          varchar(120) not null,
    role           varchar(20)  not null,
    csrf           varchar(64)  not null,
    created_at     timestamptz  not null,
    expires_at     timestamptz  not null,
    remote_address varchar(64),
    user_agent     text
);
create index ops_console_session_expiry on ops_console_session (expires_at);

create table ops_action (
    id             bigserial    primary key,
    at             timestamptz  not null,
    actor          varchar(120) not null,
    role           varchar(20),
    via            varchar(20)  not null,
    method         varchar(10)  not null,
    path           text         not null,
    status         int          not null,
    remote_address varchar(64),
    user_agent     text
);
create index ops_action_at on ops_action (at desc);
