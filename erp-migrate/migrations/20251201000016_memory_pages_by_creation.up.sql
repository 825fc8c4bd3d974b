-- A client's memories listed by creation time (`MemoryEntries::list` with `MemorySort::CreatedAt`, the
-- first page of 50 in issue 14's claim benchmark) had no index in that order: memory_entries_client_id_idx
-- leads with memory_type, so every page read all of the client's live rows and kept the first 51 in a
-- top-N sort. Under row-level security that scan also runs under the policy's gating Result node (the
-- policy's init plan, `client_id = (SELECT erp.acting_client())`, is folded into a one-time filter), so
-- the page cost grew with the client's memories and the client's page measured 1.41-1.47x the owner's
-- at 2 k-10 k memories. With (client_id, created_at, id) a page reads its 51 index entries in either
-- direction (the page's tie-breaker is id), as owner and as client alike.
CREATE INDEX memory_entries_client_created_at_idx ON agent.memory_entries (client_id, created_at, id);
COMMENT ON INDEX agent.memory_entries_client_created_at_idx IS
    'A client''s memories in creation order (id breaks ties): the pages of MemoryEntries::list by created_at.';
