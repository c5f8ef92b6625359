select payment_id, order_id, amount
from {{ source('raw', 'payments') }}
