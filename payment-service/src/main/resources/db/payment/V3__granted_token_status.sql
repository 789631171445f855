-- What Stripe's shared_payment.granted_token.* webhooks reported per delegated credential, keyed by the SHA-256 of
-- the token (the token itself is never stored). A deactivated token refuses later authorizations without a Stripe call.
create table granted_token_status (
    token_sha256   varchar(64) not null primary key,
    used_at        timestamptz,
    deactivated_at timestamptz,
    updated_at     timestamptz not null default now()
);
