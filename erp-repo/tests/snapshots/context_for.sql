SELECT CASE WHEN m.ctx_rn IS NULL OR m.ctx_rn = 1 THEN ctx.profile END AS ctx_profile,
CASE WHEN m.ctx_rn IS NULL OR m.ctx_rn = 1 THEN ctx.facts END AS ctx_facts,
CASE WHEN m.ctx_rn IS NULL OR m.ctx_rn = 1 THEN ctx.state END AS ctx_state,
CASE WHEN m.ctx_rn IS NULL OR m.ctx_rn = 1 THEN ctx.episodes END AS ctx_episodes,
m.* FROM (SELECT (SELECT to_jsonb(p) FROM agent.client_profiles p WHERE p.client_id = $1) AS "profile", (SELECT coalesce(jsonb_agg((to_jsonb(f)
        || jsonb_build_object('confidence_score', f.confidence_score::text)) ORDER BY f.fact_key, f.id),
    '[]'::jsonb)
 FROM agent.memory_facts f WHERE f.client_id = $2) AS "facts", (SELECT coalesce(jsonb_agg(to_jsonb(w) ORDER BY w.state_key, w.id), '[]'::jsonb)
 FROM agent.working_state w WHERE w.client_id = $3) AS "state", (SELECT coalesce(jsonb_agg(((to_jsonb(e) - 'embedding' - 'embedding_sig' - 'embedding_vec')
        || jsonb_build_object('importance', e.importance::text,
            'embedding_hex', encode(e.embedding, 'hex'), 'embedding_sig_bits', e.embedding_sig::text))
        ORDER BY e.created_at DESC, e.id DESC), '[]'::jsonb)
 FROM (SELECT * FROM agent.episodes WHERE client_id = $4 ORDER BY created_at DESC, id DESC LIMIT $5) e) AS "episodes") AS "ctx" LEFT JOIN LATERAL (SELECT row_number() OVER () AS "ctx_rn", "c".* FROM (SELECT "id", "client_id", "content", "content_hash", "memory_type", "importance", "embedding", "embedding_sig", "ttl_minutes", "expires_at", "metadata", "created_at" FROM "agent"."memory_entries" WHERE "client_id" = $6 AND "memory_type" = ANY($7) AND "embedding" IS NOT NULL AND ((expires_at IS NULL OR expires_at > now())) AND ((SELECT erp.require_client_scope($8, $9))) ORDER BY bit_count(embedding_sig # CAST($10 AS bit(256))) ASC, "id" ASC LIMIT $11) AS "c") AS "m" ON true
-- $1 = String(Some("acme"))
-- $2 = String(Some("acme"))
-- $3 = String(Some("acme"))
-- $4 = String(Some("acme"))
-- $5 = BigInt(Some(5))
-- $6 = String(Some("acme"))
-- $7 = Array(String, Some([String(Some("semantic")), String(Some("episodic"))]))
-- $8 = String(Some("agent.memory_entries"))
-- $9 = String(Some("acme"))
-- $10 = String(Some("01001010011000010001101101111100110101010011000000110001011111000100111110100101000101111111001000101100011…
-- $11 = BigUnsigned(Some(200))
