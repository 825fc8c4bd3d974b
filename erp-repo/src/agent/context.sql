-- The hand-written parts of the context statement of `context_for` (context.rs), one fragment per
-- `-- part: <name>` line, up to the next one. The statement around them (the memory candidates, the
-- lateral join) is built with sea-query; every value is bound: $1 is the client id, $2 the number of
-- episodes. Floats travel as text inside the JSON so Rust's correctly rounded parser reads them back bit
-- for bit; bytea and bit columns travel as hex and bit text.

-- part: profile
(SELECT to_jsonb(p) FROM agent.client_profiles p WHERE p.client_id = $1)

-- part: facts
(SELECT coalesce(jsonb_agg((to_jsonb(f)
        || jsonb_build_object('confidence_score', f.confidence_score::text)) ORDER BY f.fact_key, f.id),
    '[]'::jsonb)
 FROM agent.memory_facts f WHERE f.client_id = $1)

-- part: state
(SELECT coalesce(jsonb_agg(to_jsonb(w) ORDER BY w.state_key, w.id), '[]'::jsonb)
 FROM agent.working_state w WHERE w.client_id = $1)

-- part: episodes
(SELECT coalesce(jsonb_agg(((to_jsonb(e) - 'embedding' - 'embedding_sig' - 'embedding_vec')
        || jsonb_build_object('importance', e.importance::text,
            'embedding_hex', encode(e.embedding, 'hex'), 'embedding_sig_bits', e.embedding_sig::text))
        ORDER BY e.created_at DESC, e.id DESC), '[]'::jsonb)
 FROM (SELECT * FROM agent.episodes WHERE client_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2) e)

-- part: columns
CASE WHEN m.ctx_rn IS NULL OR m.ctx_rn = 1 THEN ctx.profile END AS ctx_profile,
CASE WHEN m.ctx_rn IS NULL OR m.ctx_rn = 1 THEN ctx.facts END AS ctx_facts,
CASE WHEN m.ctx_rn IS NULL OR m.ctx_rn = 1 THEN ctx.state END AS ctx_state,
CASE WHEN m.ctx_rn IS NULL OR m.ctx_rn = 1 THEN ctx.episodes END AS ctx_episodes,
m.*
