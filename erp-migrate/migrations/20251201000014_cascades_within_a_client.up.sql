-- Issue 12, item 10, for the tables 0010 made per-client: sessions, events, facts and reflections may
-- belong to different clients (or be shared), and their ON DELETE rules (events CASCADE with their session;
-- reflections and the events <-> facts links SET NULL) run past row-level security. Acting for one client,
-- deleting a shared session would have deleted another client's events. A delete under row-level security
-- is now refused when its ON DELETE rules would change a row of another client, which the connection could
-- not change itself. The owner (not under row-level security) deletes as before.

-- Whether the row `row_id` of `relation` has dependants of a client other than `acting` (NULL: acting for
-- none). SECURITY DEFINER, since under row-level security the caller cannot see them; it tells no more than
-- the refused delete does.
CREATE FUNCTION agent.has_other_clients_dependants(relation REGCLASS, row_id BIGINT, acting TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
    IF relation = 'agent.sessions'::regclass THEN
        RETURN EXISTS (SELECT 1 FROM agent.events e WHERE e.session_id = row_id
                           AND e.client_id IS NOT NULL AND e.client_id IS DISTINCT FROM acting)
            OR EXISTS (SELECT 1 FROM agent.reflections r WHERE r.session_id = row_id
                           AND r.client_id IS NOT NULL AND r.client_id IS DISTINCT FROM acting);
    ELSIF relation = 'agent.events'::regclass THEN
        RETURN EXISTS (SELECT 1 FROM agent.facts f WHERE f.source_event_id = row_id
                           AND f.client_id IS NOT NULL AND f.client_id IS DISTINCT FROM acting);
    ELSIF relation = 'agent.facts'::regclass THEN
        RETURN EXISTS (SELECT 1 FROM agent.events e WHERE e.promoted_fact_id = row_id
                           AND e.client_id IS NOT NULL AND e.client_id IS DISTINCT FROM acting);
    END IF;
    RAISE EXCEPTION 'agent.has_other_clients_dependants() answers for agent.sessions, events and facts only'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
COMMENT ON FUNCTION agent.has_other_clients_dependants(REGCLASS, BIGINT, TEXT) IS
    'Whether a session, event or fact has dependants of a client other than the acting one (for the delete guard).';
REVOKE EXECUTE ON FUNCTION agent.has_other_clients_dependants(REGCLASS, BIGINT, TEXT) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION agent.has_other_clients_dependants(REGCLASS, BIGINT, TEXT) TO erp_memory_writer;

-- The guard runs as the caller, so that row_security_active() is the caller's.
CREATE FUNCTION agent.refuse_cross_client_cascade() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF row_security_active(TG_RELID)
       AND agent.has_other_clients_dependants(TG_RELID, OLD.id, erp.acting_client()) THEN
        RAISE EXCEPTION 'deleting %.% % would change another client''s rows', TG_TABLE_SCHEMA, TG_TABLE_NAME, OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END;
$$;
COMMENT ON FUNCTION agent.refuse_cross_client_cascade() IS
    'Refuses a delete under row-level security whose ON DELETE rules would change another client''s rows.';

CREATE TRIGGER sessions_cascade_within_a_client BEFORE DELETE ON agent.sessions
    FOR EACH ROW EXECUTE FUNCTION agent.refuse_cross_client_cascade();
CREATE TRIGGER events_cascade_within_a_client BEFORE DELETE ON agent.events
    FOR EACH ROW EXECUTE FUNCTION agent.refuse_cross_client_cascade();
CREATE TRIGGER facts_cascade_within_a_client BEFORE DELETE ON agent.facts
    FOR EACH ROW EXECUTE FUNCTION agent.refuse_cross_client_cascade();
