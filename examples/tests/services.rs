//! The HTTP service templates, through their routers (tower's `oneshot`), on a fresh database, each
//! connected as a login role in its own SDK group.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::NaiveDate;
use erp_examples::http::{self, memory_gateway, planner_api};
use erp_model::IsoWeek;
use erp_repo::Db;
use erp_testkit::{LoginRole, SdkRole, TestDb};
use serde_json::{Value, json};
use tower::ServiceExt;

/// A fresh database (sample ERP loaded by the owner, as a deploy would), and a service's [`Db`]
/// logged in as a new member of `role`.
async fn service(role: SdkRole, claims: bool) -> (TestDb, LoginRole, Db) {
    let owner = TestDb::new().await.unwrap();
    erp_examples::sample::add_sample_erp(&Db::new(owner.pool().clone()), tuesday_2025_w50())
        .await
        .unwrap();
    let login = owner.login_role(role).await.unwrap();
    let db = http::connect_as(&owner, &login, claims).await.unwrap();
    (owner, login, db)
}

fn tuesday_2025_w50() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 9).unwrap()
}

async fn call(app: &Router, method: &str, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
    let request = Request::builder().method(method).uri(uri);
    let request = match body {
        Some(body) => request
            .header("content-type", "application/json")
            .body(Body::from(serde_json::to_vec(&body).unwrap())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
        .await
        .unwrap();
    let json = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap()
    };
    (status, json)
}

#[tokio::test]
async fn planner_api_under_erp_planner() {
    let (_owner, login, db) = service(SdkRole::Planner, false).await;
    let user: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(user, login.name());
    let app = planner_api::router(db);

    // Workflows with their performance, filtered.
    let (status, workflows) = call(&app, "GET", "/workflows?status=Active", None).await;
    assert_eq!(status, StatusCode::OK, "{workflows}");
    let onboarding = workflows["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["workflow"]["name"] == "Onboard a new client")
        .unwrap();
    assert_eq!(onboarding["performance"]["execution_runs_count"], 5);
    assert_eq!(onboarding["performance"]["variance_pct"], "15.00");
    // Decimals are strings with two places, never PostgreSQL's 16-digit avg scale.
    assert_eq!(onboarding["performance"]["avg_actual_hours"], "4.60");
    // A Rust client reads the page back into the SDK's types.
    let typed: erp_repo::Page<erp_model::WorkflowWithPerformance> =
        serde_json::from_value(workflows.clone()).unwrap();
    assert!(
        typed
            .items
            .iter()
            .all(|w| w.workflow.status == erp_model::PatternStatus::Active)
    );
    let (status, first) = call(&app, "GET", "/workflows?limit=1", None).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let next = first["next"].as_str().unwrap();
    let (_, second) = call(
        &app,
        "GET",
        &format!("/workflows?limit=1&after={next}"),
        None,
    )
    .await;
    assert_ne!(
        first["items"][0]["workflow"]["id"],
        second["items"][0]["workflow"]["id"]
    );
    let (_, none) = call(
        &app,
        "GET",
        "/workflows?name_contains=no-such-workflow",
        None,
    )
    .await;
    assert_eq!(none["items"], json!([]), "{none}");
    let (status, bad) = call(&app, "GET", "/workflows?status=Sometimes", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(bad["code"], "invalid_input");

    // Templates of a workflow; 404 with the SDK's body for an unknown one.
    let id = onboarding["workflow"]["id"].as_i64().unwrap();
    let (status, templates) = call(&app, "GET", &format!("/workflows/{id}/templates"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(templates[0]["name"], "Onboarding checklist (SaaS client)");
    let (status, missing) = call(&app, "GET", "/workflows/999999/templates", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(missing["code"], "not_found");
    assert_eq!(missing["table"], "erp.workflows");

    // Creating a task in a week without a sprint creates the sprint in the same transaction.
    let (status, created) = call(
        &app,
        "POST",
        "/tasks",
        Some(
            json!({ "title": "Prepare the Q1 review", "estimated_hours": "2.00",
                     "scheduled_start_date": "2026-01-14", "scheduled_end_date": "2026-01-16" }),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["sprint"]["name"], "2026-W03");
    let task = created["task"]["id"].as_i64().unwrap();

    // Rescheduling keeps the end when asked, and ensures the new week's sprint.
    let (status, moved) = call(
        &app,
        "POST",
        &format!("/tasks/{task}/reschedule"),
        Some(json!({ "start": "2026-01-12", "end": "keep" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["task"]["scheduled_end_date"], "2026-01-16");
    assert_eq!(moved["sprint"]["name"], "2026-W03");
    let (status, moved) = call(
        &app,
        "POST",
        &format!("/tasks/{task}/reschedule"),
        Some(json!({ "start": "2026-01-20", "end": "2026-01-21" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(moved["sprint"]["name"], "2026-W04");
    let (status, refused) = call(
        &app,
        "POST",
        "/tasks/999999/reschedule",
        Some(json!({ "start": "2026-01-20" })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{refused}");
    for bad in [
        json!({ "start": "2026-01-20", "keep_end": true }),
        json!({ "start": "2026-01-20", "end": "someday" }),
    ] {
        let (status, refused) = call(
            &app,
            "POST",
            &format!("/tasks/{task}/reschedule"),
            Some(bad),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    }
    let (status, refused) = call(&app, "POST", "/tasks", Some(json!({ "title": 7 }))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(refused["field"], "body");

    // The board with its load.
    let (status, board) = call(&app, "GET", "/sprints/2026-W04/board", None).await;
    assert_eq!(status, StatusCode::OK, "{board}");
    assert_eq!(board["tasks"][0]["title"], "Prepare the Q1 review");
    assert_eq!(board["load"]["planned_hours"], "2.00");
    assert_eq!(board["load"]["capacity_hours"], "30.00");
    assert!(
        board["load"].get("sprint").is_none(),
        "the load does not repeat the sprint"
    );
    let typed: erp_model::SprintBoard = serde_json::from_value(board.clone()).unwrap();
    assert_eq!(typed.sprint.name, "2026-W04");
    // Without an end, a move keeps the task's length and ensures the new week's sprint.
    let (status, shifted) = call(
        &app,
        "POST",
        &format!("/tasks/{task}/reschedule"),
        Some(json!({ "start": "2026-01-26" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{shifted}");
    assert_eq!(shifted["task"]["scheduled_end_date"], "2026-01-27");
    assert_eq!(shifted["sprint"]["name"], "2026-W05");
    let week = IsoWeek::of(tuesday_2025_w50()).name();
    let (_, board) = call(&app, "GET", &format!("/sprints/{week}/board"), None).await;
    assert_eq!(board["load"]["task_count"], 5);
    let (status, _) = call(&app, "GET", "/sprints/2031-W07/board", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&app, "GET", "/sprints/next-week/board", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Keyset pages: every task once, in order, then no cursor.
    let mut seen = Vec::new();
    let mut uri = "/tasks?limit=4".to_owned();
    loop {
        let (status, page) = call(&app, "GET", &uri, None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["id"].as_i64().unwrap()),
        );
        match page["next"].as_str() {
            Some(next) => uri = format!("/tasks?limit=4&after={next}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 11);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    let (status, forged) = call(&app, "GET", "/tasks?after=not-a-cursor", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{forged}");
}

#[tokio::test]
async fn memory_gateway_under_erp_memory_writer() {
    let (_owner, _login, db) = service(SdkRole::MemoryWriter, true).await;
    let app = memory_gateway::router(db);

    // Sessions and their events, the session from the path.
    let (status, session) = call(
        &app,
        "POST",
        "/sessions",
        Some(json!({ "session_type": "execution", "subject_type": "client", "subject_id": "northwind" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{session}");
    let sid = session["id"].as_i64().unwrap();
    let events = format!("/sessions/{sid}/events");
    let event = json!({ "event_type": "message", "message": "Fridays, please" });
    let (status, appended) = call(&app, "POST", &events, Some(event)).await;
    assert_eq!(status, StatusCode::CREATED, "{appended}");
    let (status, refused) = call(
        &app,
        "POST",
        &events,
        Some(json!({ "session_id": sid + 1, "event_type": "message" })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // EventBody has no session_id: one in the body is refused, not silently overridden.
    assert_eq!(refused["field"], "body");
    assert!(
        refused["message"].as_str().unwrap().contains("session_id"),
        "{refused}"
    );
    let typed: agent_model::Event = serde_json::from_value(appended.clone()).unwrap();
    assert_eq!(typed.session_id, agent_model::SessionId(sid));
    let (_, listed) = call(&app, "GET", &events, None).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);

    // A run logged twice is stored once.
    let run = json!({ "run_identifier": "webhook-42", "started_at": "2025-12-09T10:00:00Z",
                      "session_id": sid, "status": "Completed" });
    let (status, first) = call(&app, "POST", "/runs", Some(run.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (status, again) = call(&app, "POST", "/runs", Some(run)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["created"], false);
    assert_eq!(again["run"]["id"], first["run"]["id"]);

    // Remember, recall and forget per client; another client sees nothing of it.
    let memory =
        json!({ "content": "Prefers the weekly status report on Fridays", "importance": 0.9 });
    let (status, remembered) = call(
        &app,
        "POST",
        "/clients/northwind/memories",
        Some(memory.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{remembered}");
    assert!(remembered["entry"].get("embedding").is_none());
    assert!(remembered["entry"].get("embedding_sig").is_none());
    let hash = remembered["entry"]["content_hash"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(
        hash.len(),
        64,
        "the hash as hex, not 32 integers: {remembered}"
    );
    // A Rust client reads the slim body back into the SDK's own type.
    let typed: agent_model::Remembered = serde_json::from_value(remembered.clone()).unwrap();
    assert!(typed.entry.embedding.is_none());
    let (status, duplicate) = call(&app, "POST", "/clients/northwind/memories", Some(memory)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(duplicate["duplicate"], true);
    let id = remembered["entry"]["id"].as_i64().unwrap();
    let query = json!({ "query": "weekly status report", "k": 3 });
    let (_, recalled) = call(
        &app,
        "POST",
        "/clients/northwind/recall",
        Some(query.clone()),
    )
    .await;
    assert_eq!(recalled[0]["entry"]["id"], id, "{recalled}");
    let (_, elsewhere) = call(&app, "POST", "/clients/contoso/recall", Some(query.clone())).await;
    assert_eq!(elsewhere, json!([]));
    let (status, _) = call(
        &app,
        "DELETE",
        &format!("/clients/contoso/memories/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(
        &app,
        "DELETE",
        &format!("/clients/northwind/memories/{id}"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, recalled) = call(&app, "POST", "/clients/northwind/recall", Some(query)).await;
    assert_eq!(recalled, json!([]));

    // Working state with compare-and-set.
    let state = "/clients/northwind/state/onboarding";
    let (status, _) = call(&app, "GET", state, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let put = |v: i64, step: i64| Some(json!({ "expected_version": v, "value": { "step": step } }));
    assert_eq!(call(&app, "PUT", state, put(0, 1)).await.0, StatusCode::OK);
    assert_eq!(call(&app, "PUT", state, put(1, 2)).await.0, StatusCode::OK);
    let (status, conflict) = call(&app, "PUT", state, put(1, 9)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(conflict["Conflict"]["current"]["version"], 2, "{conflict}");
    let (_, read) = call(&app, "GET", state, None).await;
    assert_eq!(read["state_value"], json!({ "step": 2 }));
    let (status, _) = call(&app, "GET", "/clients/contoso/state/onboarding", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Facts with supersede.
    let fact = |content: &str| {
        json!({ "subject_type": "client", "subject_id": "northwind", "fact_type": "preference",
                "content": content })
    };
    let mut first = fact("Status report on Fridays");
    first["valid_from"] = json!("2025-01-01T00:00:00Z");
    let (status, old) = call(&app, "POST", "/facts", Some(first)).await;
    assert_eq!(status, StatusCode::CREATED, "{old}");
    let old_id = old["id"].as_i64().unwrap();
    let uri = format!("/facts/{old_id}/supersede");
    let (status, superseded) = call(&app, "POST", &uri, Some(fact("Thursdays now"))).await;
    assert_eq!(status, StatusCode::OK, "{superseded}");
    assert!(superseded["old"]["valid_to"].is_string());
    let (status, twice) = call(&app, "POST", &uri, Some(fact("Again"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{twice}");
    let (_, now) = call(
        &app,
        "GET",
        "/facts?subject_type=client&subject_id=northwind",
        None,
    )
    .await;
    let contents: Vec<&str> = now
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["content"].as_str().unwrap())
        .collect();
    assert_eq!(contents, ["Thursdays now"]);

    // Forgetting the client leaves nothing of it; ending the session.
    let (status, report) = call(&app, "DELETE", "/clients/northwind", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["working_state"], 1, "{report}");
    let (status, ended) = call(
        &app,
        "POST",
        &format!("/sessions/{sid}/end"),
        Some(json!({ "status": "completed" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    assert!(ended["ended_at"].is_string());
}

#[tokio::test]
async fn memory_gateway_without_a_claim_key_refuses_per_client_work_with_the_sdks_body() {
    let (_owner, _login, db) = service(SdkRole::MemoryWriter, false).await;
    let app = memory_gateway::router(db);
    let (status, body) = call(
        &app,
        "POST",
        "/clients/northwind/recall",
        Some(json!({ "query": "anything" })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "client_claim_key");
}

#[tokio::test]
async fn the_planner_role_cannot_serve_memory_gateway() {
    let (_owner, _login, db) = service(SdkRole::Planner, true).await;
    let app = memory_gateway::router(db);
    let (status, body) = call(
        &app,
        "POST",
        "/clients/northwind/memories",
        Some(json!({ "content": "x" })),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["code"], "permission_denied");
}
