-- Back to the migration before: deletes of sessions, events and facts cascade whatever client they reach.
DROP TRIGGER facts_cascade_within_a_client ON agent.facts;
DROP TRIGGER events_cascade_within_a_client ON agent.events;
DROP TRIGGER sessions_cascade_within_a_client ON agent.sessions;
DROP FUNCTION agent.refuse_cross_client_cascade();
DROP FUNCTION agent.has_other_clients_dependants(REGCLASS, BIGINT, TEXT);
