//! planner-api as an HTTP service (axum), connected as a member of `erp_planner`.
//!
//! | Route | What |
//! |---|---|
//! | `GET /workflows?status=&name_contains=&limit=&after=` | a keyset page of workflows by name, each with its performance (runs, mean hours, variance), in one statement ([`Workflows::with_performance`]) |
//! | `GET /workflows/{id}/templates` | a workflow's process templates; 404 for an unknown workflow ([`Workflows::process_templates`]) |
//! | `POST /tasks` | creates a task (a [`TaskInsertForm`]) and ensures its week's sprint, in one transaction ([`Tasks::schedule_with_capacity`]) |
//! | `POST /tasks/{id}/reschedule` | moves a task (`start`; `end`: omitted or `"shift"` keeps its length, `"keep"`, a date, or `null`) and ensures the new week's sprint ([`Tasks::reschedule_with_capacity`]) |
//! | `GET /tasks?status=&project_id=&limit=&after=` | a keyset page of tasks; `next` is the cursor to pass as `after` |
//! | `GET /sprints/{week}/board` | the sprint of an ISO week (`2025-W50`), its tasks and its load ([`Sprints::board`]) |
//!
//! Every error is the SDK's: [`erp_repo::Error::status_code`] and its JSON [`erp_repo::Error::body`].
//! Decimals (hours, money) are JSON strings with two decimals, as everywhere in the SDK.

use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::NaiveDate;
use erp_model::{
    EndDate, IsoWeek, PatternStatus, ProcessTemplate, ProjectId, ScheduledTask, SprintBoard, Task,
    TaskId, TaskInsertForm, TaskStatus, WorkflowId, WorkflowWithPerformance,
};
use erp_repo::erp::{Sprints, TaskFilter, Tasks, WorkflowFilter, WorkflowSort, Workflows};
use erp_repo::{Cursor, Db, Error, Page, PageRequest, SortOrder};
use serde::{Deserialize, Serialize};

use super::{ApiResult, Body, Params, QueryParams};
use crate::sample::SPRINT_CAPACITY_HOURS;

/// The router of planner-api over `db` (connected as a member of `erp_planner`).
pub fn router(db: Db) -> Router {
    Router::new()
        .route("/workflows", get(workflows))
        .route("/workflows/{id}/templates", get(templates))
        .route("/tasks", post(create_task).get(list_tasks))
        .route("/tasks/{id}/reschedule", post(reschedule))
        .route("/sprints/{week}/board", get(board))
        .with_state(db)
}

/// The query of `GET /workflows`.
#[derive(Debug, Default, Deserialize)]
pub struct WorkflowQuery {
    /// Only workflows with this status (`Draft`, `Active`, `Deprecated`).
    pub status: Option<PatternStatus>,
    /// Case-insensitive search in the name.
    pub name_contains: Option<String>,
    /// Page size (default 50, at most [`erp_repo::MAX_PAGE_SIZE`]).
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

fn page_request(limit: Option<u32>, after: Option<String>) -> PageRequest {
    let limit = limit.unwrap_or(erp_repo::DEFAULT_PAGE_SIZE);
    match after {
        Some(cursor) => PageRequest::after(limit, Cursor::from(cursor)),
        None => PageRequest::first(limit),
    }
}

async fn workflows(
    State(db): State<Db>,
    QueryParams(q): QueryParams<WorkflowQuery>,
) -> ApiResult<Json<Page<WorkflowWithPerformance>>> {
    let filter = WorkflowFilter {
        status: q.status.map(|s| vec![s]),
        name_contains: q.name_contains,
        ..Default::default()
    };
    let page = page_request(q.limit, q.after);
    let order = SortOrder::asc(WorkflowSort::Name);
    Ok(Json(
        Workflows::with_performance(db.pool(), &filter, order, &page).await?,
    ))
}

async fn templates(
    State(db): State<Db>,
    Params(id): Params<i64>,
) -> ApiResult<Json<Vec<ProcessTemplate>>> {
    // NotFound (404) for an unknown workflow, not an empty list.
    Ok(Json(
        Workflows::process_templates(db.pool(), WorkflowId(id)).await?,
    ))
}

async fn create_task(
    State(db): State<Db>,
    Body(form): Body<TaskInsertForm>,
) -> ApiResult<(StatusCode, Json<ScheduledTask>)> {
    let scheduled = Tasks::schedule_with_capacity(db.pool(), &form, SPRINT_CAPACITY_HOURS).await?;
    Ok((StatusCode::CREATED, Json(scheduled)))
}

/// The body of `POST /tasks/{id}/reschedule`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reschedule {
    /// The new scheduled start.
    pub start: NaiveDate,
    /// What happens to the scheduled end: omitted or `"shift"` moves it with the start (the task keeps
    /// its length), `"keep"` leaves it, a date sets it, `null` clears it.
    #[serde(default)]
    pub end: EndDate,
}

async fn reschedule(
    State(db): State<Db>,
    Params(id): Params<i64>,
    Body(body): Body<Reschedule>,
) -> ApiResult<Json<ScheduledTask>> {
    let moved = Tasks::reschedule_with_capacity(
        db.pool(),
        TaskId(id),
        body.start,
        body.end,
        SPRINT_CAPACITY_HOURS,
    )
    .await?;
    Ok(Json(moved))
}

/// The query of `GET /tasks`.
#[derive(Debug, Default, Deserialize)]
pub struct TaskQuery {
    /// Only tasks with this status.
    pub status: Option<TaskStatus>,
    /// Only tasks of this project.
    pub project_id: Option<i64>,
    /// Case-insensitive search in the title.
    pub title_contains: Option<String>,
    /// Page size (default 50, at most [`erp_repo::MAX_PAGE_SIZE`]).
    pub limit: Option<u32>,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

async fn list_tasks(
    State(db): State<Db>,
    QueryParams(q): QueryParams<TaskQuery>,
) -> ApiResult<Json<Page<Task>>> {
    let filter = TaskFilter {
        status: q.status.map(|s| vec![s]),
        project_id: q.project_id.map(ProjectId),
        title_contains: q.title_contains,
        ..Default::default()
    };
    let page = page_request(q.limit, q.after);
    Ok(Json(Tasks::page(db.pool(), &filter, &page).await?))
}

async fn board(State(db): State<Db>, Params(week): Params<String>) -> ApiResult<Json<SprintBoard>> {
    let week: IsoWeek = week
        .parse()
        .map_err(|e| Error::invalid("week", format!("{e}")))?;
    // The sprint, its tasks and its load from one snapshot.
    Ok(Json(Sprints::board(db.pool(), week).await?))
}

/// Runs planner-api: connects as `erp_planner` (see [`super::connect_service`]), then serves on `PORT`, or
/// with [`Mode::Demo`](super::Mode::Demo) sends it [`demo`]'s session over TCP and returns.
pub async fn main(mode: super::Mode) -> Result<(), crate::BoxError> {
    let service = super::connect_service(erp_testkit::SdkRole::Planner, false).await?;
    println!("planner-api database: {}", service.source());
    if let (super::Mode::Demo, Some(owner)) = (mode, service.owner()) {
        // The deploy side (the owner) loads the sample ERP; planner-api itself may not write workflows.
        let today = chrono::Utc::now().date_naive();
        crate::sample::add_sample_erp(&Db::new(owner.pool().clone()), today).await?;
    }
    super::serve(mode, "planner-api", router(service.db().clone()), demo).await
}

/// A short scripted session against planner-api at `addr`: workflows, templates (and a 404), a task
/// created and rescheduled into next week, the board, and two pages of tasks.
pub async fn demo(addr: std::net::SocketAddr) -> Result<(), crate::BoxError> {
    use serde_json::json;
    let client = super::DemoClient::new(addr);
    let workflows = client
        .expect(200, "GET", "/workflows?status=Active", None)
        .await?;
    if let Some(id) = workflows["items"][0]["workflow"]["id"].as_i64() {
        client
            .expect(200, "GET", &format!("/workflows/{id}/templates"), None)
            .await?;
    }
    client
        .expect(404, "GET", "/workflows/999999/templates", None)
        .await?;
    let today = chrono::Utc::now().date_naive();
    let created = client
        .expect(
            201,
            "POST",
            "/tasks",
            Some(json!({
                "title": "Demo: call Contoso about the onboarding",
                "estimated_hours": "1.50",
                "scheduled_start_date": today,
                "scheduled_end_date": today,
            })),
        )
        .await?;
    let id = created["task"]["id"].as_i64().ok_or("no task id")?;
    let next_week = IsoWeek::of(today).next();
    client
        .expect(
            200,
            "POST",
            &format!("/tasks/{id}/reschedule"),
            Some(json!({ "start": next_week.start() })),
        )
        .await?;
    client
        .expect(
            400,
            "POST",
            "/tasks",
            Some(json!({ "title": "Demo: a status there is not", "status": "Someday" })),
        )
        .await?;
    client
        .expect(
            200,
            "GET",
            &format!("/sprints/{}/board", next_week.name()),
            None,
        )
        .await?;
    let page = client.expect(200, "GET", "/tasks?limit=2", None).await?;
    if let Some(next) = page["next"].as_str() {
        client
            .expect(200, "GET", &format!("/tasks?limit=2&after={next}"), None)
            .await?;
    }
    Ok(())
}
