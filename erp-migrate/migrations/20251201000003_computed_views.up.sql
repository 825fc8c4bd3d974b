-- The Coda formulas of seeds 000/001 as the database's own views and functions.

-- A task belongs to every sprint whose [start_date, end_date] holds its scheduled_start_date, ends
-- inclusive; rescheduling a task moves it (Coda: tasks.Filter(scheduled_start_date >= start_date AND
-- scheduled_start_date <= end_date)).
CREATE VIEW erp.sprint_tasks AS
SELECT s.id                     AS sprint_id,
       s.name                   AS sprint_name,
       t.id                     AS task_id,
       t.title,
       t.status,
       t.priority,
       t.project_id,
       t.assignee_id,
       t.scheduled_start_date,
       t.scheduled_end_date,
       t.estimated_hours
FROM erp.sprints s
JOIN erp.tasks t ON t.scheduled_start_date BETWEEN s.start_date AND s.end_date;

COMMENT ON VIEW erp.sprint_tasks IS 'Tasks of each sprint, computed from tasks.scheduled_start_date.';

-- One row per workflow; runs are counted through execution_runs.workflow_id. variance_pct is NULL when
-- there are no runs with hours or the estimate is NULL or 0.
CREATE VIEW erp.workflow_performance AS
SELECT w.id                                  AS workflow_id,
       w.name,
       w.estimated_hours,
       count(r.id)                           AS execution_runs_count,
       avg(r.actual_hours)                   AS avg_actual_hours,
       CASE WHEN w.estimated_hours IS NULL OR w.estimated_hours = 0 OR count(r.actual_hours) = 0 THEN NULL
            ELSE round((avg(r.actual_hours) - w.estimated_hours) / w.estimated_hours * 100, 2)
       END                                   AS variance_pct
FROM erp.workflows w
LEFT JOIN erp.execution_runs r ON r.workflow_id = w.id
GROUP BY w.id;

COMMENT ON VIEW erp.workflow_performance IS
    'Per workflow: execution_runs_count, avg_actual_hours and variance_pct against estimated_hours.';

-- A node's neighbours in both directions, with the edge type and the direction seen from the node.
CREATE FUNCTION agent.get_graph_neighbors(p_node_id BIGINT)
RETURNS TABLE (
    neighbor_id      BIGINT,
    neighbor_node_id TEXT,
    neighbor_type    TEXT,
    edge_id          BIGINT,
    edge_type        TEXT,
    direction        TEXT,
    edge_properties  JSONB
)
LANGUAGE sql STABLE AS $$
    SELECT n.id, n.node_id, n.node_type, e.id, e.edge_type, 'outgoing', e.properties
    FROM agent.graph_edges e JOIN agent.graph_nodes n ON n.id = e.to_node_id
    WHERE e.from_node_id = p_node_id
    UNION ALL
    SELECT n.id, n.node_id, n.node_type, e.id, e.edge_type, 'incoming', e.properties
    FROM agent.graph_edges e JOIN agent.graph_nodes n ON n.id = e.from_node_id
    WHERE e.to_node_id = p_node_id
$$;
