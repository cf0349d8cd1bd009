"""Self-service subscription requests: status, cancellation, refund quotes, freezes, plan changes.

`policy` holds the rules as pure functions; the handlers turn them into replies, records and staff
alerts. Kept free of imports here so `handlers.customers` can use `charges` without a cycle.
"""
