-- The raw.* source tables, filled from the seeds by a "loader" with loaded_at times chosen so that
-- `dbt source freshness` reports customers error (long ago), payments warn (18 h) and orders pass (now).
set client_min_messages = warning;
-- Cascade: a previous run's staging views read these tables; dbt build recreates them.
drop schema if exists raw cascade;
create schema raw;

-- Fixed instant with microseconds, so the test also checks precision end to end.
create table raw.customers as
  select id, name, email, timestamptz '2025-03-14 09:26:53.589793+00' - (6 - id) * interval '1 hour' as loaded_at
  from analytics_landing.seed_customers;

create table raw.orders as
  select order_id, customer_id, status, ordered_at, now() - (108 - order_id) * interval '1 minute' as loaded_at
  from analytics_landing.seed_orders;

create table raw.payments as
  select payment_id, order_id, amount, now() - interval '18 hours' as loaded_at
  from analytics_landing.seed_payments;
