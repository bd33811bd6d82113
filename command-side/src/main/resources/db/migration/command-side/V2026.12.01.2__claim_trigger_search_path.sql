-- The claim trigger resolved pg_current_xact_id() and its operators through the caller's search_path, and the
-- runtime role may create schemas: a function of its own named like the built-in one, first on its path, let it
-- settle a committed claim to any time. Pin the function's path to the system catalog (pg_temp last, where
-- functions and operators are never looked up).
alter function command_side.settle_claim_only() set search_path = pg_catalog, pg_temp;
