-- ACP carts (optional service, 2026-04-17): estimates before checkout, no status lifecycle; kept as documents.
create table cart (
    cart_id    varchar(64)  primary key,
    agent_id   varchar(100) not null,
    status     varchar(20)  not null,
    document   text         not null,
    expires_at timestamptz  not null,
    created_at timestamptz  not null,
    updated_at timestamptz  not null
);
create index cart_expiry on cart (expires_at) where status = 'open';
