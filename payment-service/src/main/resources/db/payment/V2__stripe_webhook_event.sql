-- Every Stripe webhook event received (verified), once per Stripe event id: an audit trail and the dedup key.
create table stripe_webhook_event (
    event_id          varchar(255) not null primary key,
    type              varchar(255) not null,
    payment_intent_id varchar(255),
    payment_id        varchar(255),
    received_at       timestamptz  not null default now()
);
