-- After a load run on the local stack (psql -h 127.0.0.1 -p 54329 -U postgres -d acp -f deploy/bench/nothing-lost.sql):
-- every completed session has exactly one order, one payment (authorized and captured), its order webhooks delivered;
-- nothing is left in progress, held or pending. Every count in the second block must be 0.
select
  (select count(*) from checkout.session_view where status = 'completed')                      as completed_sessions,
  (select count(*) from orders.order_view)                                                     as orders,
  (select count(distinct aggregate_identifier) from payment.domain_event_entry
     where payload_type like '%PaymentAuthorized')                                             as payments_authorized,
  (select count(distinct aggregate_identifier) from payment.domain_event_entry
     where payload_type like '%PaymentCaptured')                                               as payments_captured,
  (select count(*) from orders.webhook_delivery where status = 'delivered')                    as webhooks_delivered;
select
  (select count(*) from (select session_id from orders.order_view group by session_id having count(*) > 1) d)
                                                                                               as sessions_with_two_orders,
  (select count(*) from checkout.session_view v where v.status = 'completed'
     and not exists (select 1 from orders.order_view o where o.session_id = v.session_id))     as completed_without_order,
  (select count(*) from (select convert_from(meta_data, 'UTF8')::json->>'sessionId' s from payment.domain_event_entry
     where payload_type like '%PaymentInitiated' group by 1 having count(*) > 1) p)             as sessions_charged_twice,
  (select count(*) from checkout.session_view where status = 'complete_in_progress')           as still_in_progress,
  (select count(*) from pricing.stock_hold)                                                    as stock_holds_left,
  (select count(*) from orders.webhook_delivery where status <> 'delivered')                   as webhooks_undelivered,
  (select count(*) from orders.order_view o where not exists (select 1 from orders.webhook_delivery w
     where w.order_id = o.order_id and w.event_type = 'order_create' and w.status = 'delivered')) as orders_without_order_create;
