//! memory-gateway as an HTTP service (axum), connected as a member of `erp_memory_writer`.
//!
//! | Route | What |
//! |---|---|
//! | `POST /runs` | logs an execution run idempotently: 201 when stored, 200 with the stored run on a repeat |
//! | `POST /clients/{c}/memories` | remembers content for client `c` (201 new, 200 duplicate) |
//! | `POST /clients/{c}/recall` | the client's memories nearest a query text |
//! | `DELETE /clients/{c}/memories/{id}` | forgets one memory of the client (204; 404 if not the client's) |
//! | `DELETE /clients/{c}` | forgets everything kept per client |
//! | `GET`/`PUT /clients/{c}/state/{key}` | working state; `PUT` is compare-and-set on `expected_version` (409 on conflict) |
//! | `POST /facts`, `GET /facts?subject_type=&subject_id=` | facts, and those valid now |
//! | `POST /facts/{id}/supersede` | closes a fact and starts its successor |
//! | `POST /sessions`, `POST /sessions/{id}/end` | starts and ends an agent session |
//! | `POST`/`GET /sessions/{id}/events` | appends to and reads a session's events |
//!
//! Per-client routes run in a client-scoped transaction ([`Db::begin_as_client`], an
//! [`erp_repo::ClientTx`] whose calls take the client from it): the database itself (row-level security
//! on a claim signed with `ERP_CLIENT_CLAIM_KEY`) keeps one client from another's rows.
//! Embeddings come from [`synthetic_embedding`], a deterministic stand-in for a model.

use agent_model::{
    CasOutcome, Event, EventBody, Fact, FactId, FactInsertForm, ForgetReport, MemoryEntryBody,
    MemoryEntryId, Recalled, Remembered, Session, SessionId, SessionStatus, StartSession,
    SubjectType, WorkingState,
};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::Utc;
use erp_model::{ExecutionRunInsertForm, LoggedRun};
use erp_repo::agent::{Events, Facts, Sessions, WorkingStates};
use erp_repo::erp::ExecutionRuns;
use erp_repo::{Db, Error, Page, PageRequest};
use serde::{Deserialize, Serialize};

use super::{ApiResult, Body, Params, QueryParams};
use crate::memory_gateway::synthetic_embedding;

/// The router of memory-gateway over `db` (a member of `erp_memory_writer`, with the claim key).
pub fn router(db: Db) -> Router {
    Router::new()
        .route("/runs", post(log_run))
        .route("/clients/{client}/memories", post(remember))
        .route("/clients/{client}/memories/{id}", delete(forget))
        .route("/clients/{client}/recall", post(recall))
        .route("/clients/{client}", delete(forget_all))
        .route(
            "/clients/{client}/state/{key}",
            get(get_state).put(set_state),
        )
        .route("/facts", post(add_fact).get(facts_now))
        .route("/facts/{id}/supersede", post(supersede))
        .route("/sessions", post(start_session))
        .route("/sessions/{id}/end", post(end_session))
        .route("/sessions/{id}/events", post(append_event).get(events))
        .with_state(db)
}

async fn log_run(
    State(db): State<Db>,
    Body(form): Body<ExecutionRunInsertForm>,
) -> ApiResult<(StatusCode, Json<LoggedRun>)> {
    let logged = ExecutionRuns::log_run(db.pool(), &form).await?;
    let status = if logged.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(logged)))
}

async fn remember(
    State(db): State<Db>,
    Params(client): Params<String>,
    Body(mut body): Body<MemoryEntryBody>,
) -> ApiResult<(StatusCode, Json<Remembered>)> {
    if body.embedding.is_none() {
        body.embedding = Some(synthetic_embedding(&body.content));
    }
    let mut ctx = db.begin_as_client(&client).await?;
    let remembered = ctx.remember(body).await?;
    ctx.commit().await?;
    let status = if remembered.duplicate {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    // `MemoryEntry`'s JSON leaves out the embedding and writes the content hash as hex.
    Ok((status, Json(remembered)))
}

/// The body of `POST /clients/{c}/recall`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecallBody {
    /// What to look for.
    pub query: String,
    /// How many memories (default 5).
    #[serde(default)]
    pub k: Option<u32>,
}

async fn recall(
    State(db): State<Db>,
    Params(client): Params<String>,
    Body(body): Body<RecallBody>,
) -> ApiResult<Json<Vec<Recalled>>> {
    let embedding = synthetic_embedding(&body.query);
    let mut ctx = db.begin_as_client(&client).await?;
    let recalled = ctx.recall(&embedding, body.k.unwrap_or(5), None).await?;
    ctx.commit().await?;
    Ok(Json(recalled))
}

async fn forget(
    State(db): State<Db>,
    Params((client, id)): Params<(String, i64)>,
) -> ApiResult<StatusCode> {
    let mut ctx = db.begin_as_client(&client).await?;
    ctx.forget(MemoryEntryId(id)).await?;
    ctx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn forget_all(
    State(db): State<Db>,
    Params(client): Params<String>,
) -> ApiResult<Json<ForgetReport>> {
    let mut ctx = db.begin_as_client(&client).await?;
    let report = ctx.forget_everything().await?;
    ctx.commit().await?;
    Ok(Json(report))
}

async fn get_state(
    State(db): State<Db>,
    Params((client, key)): Params<(String, String)>,
) -> ApiResult<Json<WorkingState>> {
    let mut ctx = db.begin_as_client(&client).await?;
    let state = ctx.state(&key).await?;
    ctx.commit().await?;
    state.map(Json).ok_or_else(|| {
        Error::NotFound {
            table: WorkingStates::TABLE,
            id: format!("{client}/{key}"),
        }
        .into()
    })
}

/// The body of `PUT /clients/{c}/state/{key}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetState {
    /// The version read before (0: the key must not exist yet).
    pub expected_version: i64,
    /// The new value.
    pub value: serde_json::Value,
}

async fn set_state(
    State(db): State<Db>,
    Params((client, key)): Params<(String, String)>,
    Body(body): Body<SetState>,
) -> ApiResult<(StatusCode, Json<CasOutcome>)> {
    let mut ctx = db.begin_as_client(&client).await?;
    let outcome = ctx
        .compare_and_set(&key, body.expected_version, &body.value)
        .await?;
    ctx.commit().await?;
    let status = match outcome {
        CasOutcome::Updated(_) => StatusCode::OK,
        CasOutcome::Conflict { .. } => StatusCode::CONFLICT,
    };
    Ok((status, Json(outcome)))
}

async fn add_fact(
    State(db): State<Db>,
    Body(form): Body<FactInsertForm>,
) -> ApiResult<(StatusCode, Json<Fact>)> {
    Ok((
        StatusCode::CREATED,
        Json(Facts::insert(db.pool(), &form).await?),
    ))
}

/// The query of `GET /facts`.
#[derive(Debug, Clone, Deserialize)]
pub struct FactQuery {
    /// What kind of subject.
    pub subject_type: SubjectType,
    /// Which subject.
    pub subject_id: String,
}

async fn facts_now(
    State(db): State<Db>,
    QueryParams(q): QueryParams<FactQuery>,
) -> ApiResult<Json<Vec<Fact>>> {
    let facts = Facts::valid_at(db.pool(), q.subject_type, &q.subject_id, Utc::now()).await?;
    Ok(Json(facts))
}

/// The answer to `POST /facts/{id}/supersede`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Superseded {
    /// The old fact, now closed.
    pub old: Fact,
    /// Its successor.
    pub new: Fact,
}

async fn supersede(
    State(db): State<Db>,
    Params(id): Params<i64>,
    Body(form): Body<FactInsertForm>,
) -> ApiResult<Json<Superseded>> {
    let (old, new) = Facts::supersede(db.pool(), FactId(id), &form).await?;
    Ok(Json(Superseded { old, new }))
}

async fn start_session(
    State(db): State<Db>,
    Body(start): Body<StartSession>,
) -> ApiResult<(StatusCode, Json<Session>)> {
    Ok((
        StatusCode::CREATED,
        Json(Sessions::start(db.pool(), start).await?),
    ))
}

/// The body of `POST /sessions/{id}/end`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EndSession {
    /// How it ended (not `active`).
    pub status: SessionStatus,
}

async fn end_session(
    State(db): State<Db>,
    Params(id): Params<i64>,
    Body(body): Body<EndSession>,
) -> ApiResult<Json<Session>> {
    Ok(Json(
        Sessions::end(db.pool(), SessionId(id), body.status, None).await?,
    ))
}

async fn append_event(
    State(db): State<Db>,
    Params(id): Params<i64>,
    Body(body): Body<EventBody>,
) -> ApiResult<(StatusCode, Json<Event>)> {
    // The session comes from the path; a body naming one is refused by EventBody.
    let session = SessionId(id);
    let event = Events::append(db.pool(), session, &body.into_form(session)).await?;
    Ok((StatusCode::CREATED, Json(event)))
}

async fn events(State(db): State<Db>, Params(id): Params<i64>) -> ApiResult<Json<Page<Event>>> {
    let page = Events::of_session(db.pool(), SessionId(id), &PageRequest::first(100)).await?;
    Ok(Json(page))
}

/// Runs memory-gateway: connects as `erp_memory_writer` with the claim key (see
/// [`super::connect_service`]), then serves on `PORT`, or with [`Mode::Demo`](super::Mode::Demo) sends it
/// [`demo`]'s session over TCP and returns.
pub async fn main(mode: super::Mode) -> Result<(), crate::BoxError> {
    let service = super::connect_service(erp_testkit::SdkRole::MemoryWriter, true).await?;
    println!("memory-gateway database: {}", service.source());
    super::serve(mode, "memory-gateway", router(service.db().clone()), demo).await
}

/// A short scripted session against memory-gateway at `addr`: a session and an event, a run logged
/// twice, memories remembered (one twice) and recalled, working state with a stale write refused, a
/// fact superseded, another client seeing nothing, and a client forgotten.
pub async fn demo(addr: std::net::SocketAddr) -> Result<(), crate::BoxError> {
    use serde_json::json;
    let client = super::DemoClient::new(addr);
    let session = client
        .expect(
            201,
            "POST",
            "/sessions",
            Some(json!({
                "session_type": "execution", "subject_type": "client", "subject_id": "northwind"
            })),
        )
        .await?;
    let session_id = session["id"].as_i64().ok_or("no session id")?;
    client
        .expect(
            201,
            "POST",
            &format!("/sessions/{session_id}/events"),
            Some(json!({
                "event_type": "message", "event_source": "user",
                "message": "Please send the weekly status report every Friday before noon."
            })),
        )
        .await?;
    let started = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let run = json!({
        "run_identifier": format!("demo-{session_id}"), "started_at": started, "status": "Completed",
        "session_id": session_id
    });
    client
        .expect(201, "POST", "/runs", Some(run.clone()))
        .await?;
    client.expect(200, "POST", "/runs", Some(run)).await?;
    let memory = json!({ "content": "Prefers the weekly status report on Fridays before noon",
                         "memory_type": "preference", "importance": 0.9 });
    client
        .expect(
            201,
            "POST",
            "/clients/northwind/memories",
            Some(memory.clone()),
        )
        .await?;
    client
        .expect(200, "POST", "/clients/northwind/memories", Some(memory))
        .await?;
    client
        .expect(
            201,
            "POST",
            "/clients/northwind/memories",
            Some(json!({ "content": "Migrating their CRM this month", "ttl_minutes": 43200 })),
        )
        .await?;
    client
        .expect(
            200,
            "POST",
            "/clients/northwind/recall",
            Some(json!({ "query": "When should the weekly status report go out?", "k": 2 })),
        )
        .await?;
    let recalled_elsewhere = client
        .expect(
            200,
            "POST",
            "/clients/contoso/recall",
            Some(json!({ "query": "weekly status report", "k": 2 })),
        )
        .await?;
    if recalled_elsewhere.as_array().is_some_and(|a| !a.is_empty()) {
        return Err("contoso recalled northwind's memories".into());
    }
    let state = "/clients/northwind/state/onboarding";
    client
        .expect(
            200,
            "PUT",
            state,
            Some(json!({ "expected_version": 0, "value": { "step": 1 } })),
        )
        .await?;
    client
        .expect(
            200,
            "PUT",
            state,
            Some(json!({ "expected_version": 1, "value": { "step": 2 } })),
        )
        .await?;
    client
        .expect(
            409,
            "PUT",
            state,
            Some(json!({ "expected_version": 1, "value": { "step": 9 } })),
        )
        .await?;
    client.expect(200, "GET", state, None).await?;
    let fact = client
        .expect(
            201,
            "POST",
            "/facts",
            Some(json!({ "subject_type": "client", "subject_id": "northwind",
                         "fact_type": "preference", "content": "Status report on Fridays",
                         "valid_from": "2025-01-01T00:00:00Z" })),
        )
        .await?;
    let fact_id = fact["id"].as_i64().ok_or("no fact id")?;
    client
        .expect(
            200,
            "POST",
            &format!("/facts/{fact_id}/supersede"),
            Some(json!({ "subject_type": "client", "subject_id": "northwind",
                         "fact_type": "preference", "content": "Status report on Thursdays" })),
        )
        .await?;
    client
        .expect(
            200,
            "GET",
            "/facts?subject_type=client&subject_id=northwind",
            None,
        )
        .await?;
    client
        .expect(
            200,
            "POST",
            &format!("/sessions/{session_id}/end"),
            Some(json!({ "status": "completed" })),
        )
        .await?;
    client
        .expect(200, "DELETE", "/clients/northwind", None)
        .await?;
    Ok(())
}
