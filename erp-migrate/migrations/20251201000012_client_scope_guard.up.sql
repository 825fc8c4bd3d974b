-- Calls for one client fail loudly outside that client's transaction (issue 13). Row-level security makes a
-- read for client X, sent on a connection that acts for nobody (or for Y), return zero rows: right for a
-- hand-written query, but an SDK call that names its client would then answer "no memories" when the truth
-- is "you forgot Db::begin_as_client". The SDK's per-client calls add `(SELECT erp.require_client_scope(...))`
-- to their WHERE clause (an init plan, evaluated once per statement), which raises instead. Roles that
-- isolation does not apply to (the owner, BYPASSRLS) see every client's rows, so the check passes for them.
CREATE FUNCTION erp.require_client_scope(relation TEXT, client TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
DECLARE
    acting TEXT;
BEGIN
    IF NOT row_security_active(relation) THEN
        RETURN true;
    END IF;
    acting := erp.acting_client();
    IF acting IS NULL THEN
        RAISE EXCEPTION 'not acting for any client on %: per-client calls run in a client-scoped transaction (Db::begin_as_client)', relation
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF client IS DISTINCT FROM acting THEN
        RAISE EXCEPTION 'acting for another client than the one asked for on %: begin a transaction for that client (Db::begin_as_client)', relation
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN true;
END;
$$;
COMMENT ON FUNCTION erp.require_client_scope(TEXT, TEXT) IS
    'True when the current role reads every client of the relation or acts for this client; raises otherwise.';
REVOKE EXECUTE ON FUNCTION erp.require_client_scope(TEXT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erp.require_client_scope(TEXT, TEXT) TO erp_planner, erp_memory_writer, erp_sync, erp_anon;
