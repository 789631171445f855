-- Every change of the catalog (a feed load, a merchant price or stock update) takes the next revision.
create sequence catalog_revision;
alter table catalog_feed add column revision bigint not null default nextval('catalog_revision');

-- The feed this merchant created on the agent's Feed API (POST /feeds once per base URL).
create table agent_feed (
    base_url   varchar(2000) primary key,
    feed_id    varchar(255)  not null,
    created_at timestamptz   not null
);

-- Every push of the catalog to the agent's Feed API.
create table feed_push (
    id          bigserial    primary key,
    base_url    varchar(2000) not null,
    feed_id     varchar(255),
    revision    bigint       not null,
    started_at  timestamptz  not null,
    finished_at timestamptz  not null,
    products    integer      not null,
    batches     integer      not null,
    attempts    integer      not null,
    status      varchar(20)  not null,
    error       text
);
create index feed_push_revision on feed_push (base_url, status, revision);
