-- erp.sprint_tasks read straight from SQL, as n8n, a BI tool or PostgREST would (`WHERE sprint_id = $1
-- ORDER BY scheduled_start_date, task_id LIMIT 50`), walked tasks_scheduled_start_date_idx from its first
-- day: the range join alone gives the planner no estimate of one sprint's tasks (it assumed a ninth of
-- all tasks), so under a LIMIT it preferred the index's order with a join filter (2.5 s at 1 M tasks).
--
-- Same columns, names and rows: a task is in every sprint whose [start_date, end_date] holds its
-- scheduled_start_date. The join now also names the sprint's seven days. That is the same set of days
-- because sprints_end_date_check (0006) holds end_date = start_date + 6 on every row; it is the only
-- check relied on. The ISO-week equality (`date_trunc('week', ...) = start_date`) would also lean on
-- sprints_start_date_check, which passes for an infinite start_date (extract(isodow) is NULL there), and
-- casting to timestamp fails for dates past 294276 AD, which a DATE column holds. A change to
-- sprints_end_date_check must revisit this view.
--
-- The equality to one of seven values gives the planner one week's estimate and an index condition
-- over the covering index of 0013 (`= ANY`, read index-only): the sprint's row, its week's index
-- entries, a top-N sort. No new index. CREATE OR REPLACE keeps the view's and its columns' comments
-- and grants.
CREATE OR REPLACE VIEW erp.sprint_tasks AS
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
JOIN erp.tasks t ON t.scheduled_start_date BETWEEN s.start_date AND s.end_date
                AND t.scheduled_start_date = ANY (ARRAY[s.start_date, s.start_date + 1, s.start_date + 2,
                                                        s.start_date + 3, s.start_date + 4, s.start_date + 5,
                                                        s.start_date + 6]);
