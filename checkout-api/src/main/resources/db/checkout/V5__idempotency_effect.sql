-- The business effect a key produced, written in the effect's own transaction (state 'applied'): a key whose
-- response was never stored (a crash after the effect) is answered from this reference, never re-executed.
-- claim_id names the request holding the key; a request whose lease was taken over cannot mark it applied.
alter table idempotency_record add column effect_ref varchar(64);
alter table idempotency_record add column claim_id varchar(36);
