-- Back to 0003's range join; CREATE OR REPLACE keeps the view's comments and grants.
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
JOIN erp.tasks t ON t.scheduled_start_date BETWEEN s.start_date AND s.end_date;
