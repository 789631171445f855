-- The catalog as last loaded from a product feed; replaced as a whole in one transaction.
create table catalog_feed (
    singleton     boolean      primary key default true check (singleton),
    feed_id       varchar(255) not null,
    target_country varchar(2),
    updated_at    timestamptz,
    loaded_at     timestamptz  not null,
    variant_count integer      not null
);

create table catalog_variant (
    variant_id    varchar(255) primary key,
    product_id    varchar(255) not null,
    title         varchar(1000) not null,
    description   text,
    image_url     varchar(2000),
    price_amount  bigint       not null check (price_amount >= 0),
    currency      varchar(3)   not null,
    digital       boolean      not null,
    status        varchar(50)
);

-- The stock ledger: units on hand and units held by reservations. Row-locked by reservations, never negative.
create table stock_level (
    variant_id varchar(255) primary key,
    on_hand    integer not null check (on_hand >= 0),
    reserved   integer not null check (reserved >= 0)
);

-- What each open reservation holds, until it is committed, released or expires.
create table stock_hold (
    reservation_id varchar(255) not null,
    variant_id     varchar(255) not null,
    quantity       integer      not null check (quantity > 0),
    expires_at     timestamptz  not null,
    primary key (reservation_id, variant_id)
);
create index stock_hold_expiry on stock_hold (expires_at);
