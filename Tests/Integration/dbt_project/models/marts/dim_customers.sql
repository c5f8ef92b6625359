select c.customer_id, c.name, c.email, count(f.order_id) as orders, coalesce(sum(f.amount), 0) as lifetime_value
from {{ ref('stg_customers') }} c
left join {{ ref('fct_orders') }} f on f.customer_id = c.customer_id
group by c.customer_id, c.name, c.email
