-- One row per discount code used by a committed (sold) stock reservation; the key makes redeliveries count once.
create table discount_redemption (
    code           varchar(255) not null,
    reservation_id varchar(255) not null,
    redeemed_at    timestamptz  not null,
    primary key (code, reservation_id)
);
