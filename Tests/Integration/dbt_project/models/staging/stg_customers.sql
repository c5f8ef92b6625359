select id as customer_id, name, email, loaded_at
from {{ source('raw', 'customers') }}
