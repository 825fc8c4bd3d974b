-- Back to the migration before: per-client calls outside their client's transaction read zero rows again.
DROP FUNCTION erp.require_client_scope(TEXT, TEXT);
