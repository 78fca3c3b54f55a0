-- The dispatcher claims a function with reserved concurrency by itself, at most its free room:
-- its due events, oldest first, without reading other functions' rows.
CREATE INDEX async_events_function_due ON async_events (function_name, status, next_attempt_ms);
