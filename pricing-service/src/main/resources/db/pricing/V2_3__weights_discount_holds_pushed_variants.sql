-- Optional shipping weight of a variant in grams (CSV column weight_grams, JSONL merchant extension weight_grams).
alter table catalog_variant add column weight_grams bigint check (weight_grams >= 0);

-- One row per usage-limited discount code ever reserved: reservations lock it (select … for update) to count the
-- code's holds and redemptions without racing each other.
create table discount_code_lock (
    code varchar(255) primary key
);

-- The usage-limited codes an open stock reservation holds: one use each, until the reservation is committed (the
-- hold becomes a discount_redemption), released or expires.
create table discount_hold (
    code           varchar(255) not null,
    reservation_id varchar(255) not null,
    held_at        timestamptz  not null,
    primary key (code, reservation_id)
);
create index discount_hold_reservation on discount_hold (reservation_id);

-- What the agent's feed (per base URL) holds of ours: every variant pushed as sellable. A variant that left the
-- catalog is pushed once more as discontinued (availability.available = false), then forgotten.
create table pushed_variant (
    base_url   varchar(2000) not null,
    variant_id varchar(255)  not null,
    product_id varchar(255)  not null,
    title      varchar(1000) not null,
    primary key (base_url, variant_id)
);
