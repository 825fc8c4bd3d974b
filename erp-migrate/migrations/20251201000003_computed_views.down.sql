DROP FUNCTION IF EXISTS agent.get_graph_neighbors(BIGINT);
DROP VIEW IF EXISTS erp.workflow_performance;
DROP VIEW IF EXISTS erp.sprint_tasks;
