//! A local Coda API v1 (as its OpenAPI document specifies the three list endpoints): paths under
//! `/apis/v1`, `limit` / `pageToken` paging with `items`, `href` and `nextPageToken`, rich row values,
//! error bodies `{statusCode, statusMessage, message}`; 429s with `Retry-After`, one 500, 401 for a
//! wrong token, 404 for unknown docs and tables.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::fixture::{DOC, TASKS, Table};

/// The token the mock accepts.
pub const TOKEN: &str = "test-token-not-secret";

/// The most items the mock puts on one page, whatever `limit` asks for (Coda may send fewer too).
const MAX_PAGE: usize = 3;

#[derive(Default)]
struct Counters {
    hits: HashMap<String, u32>,
}

struct MockState {
    base: Mutex<String>,
    tables: Mutex<Vec<Table>>,
    flaky: bool,
    counters: Mutex<Counters>,
    requests: AtomicU32,
}

/// A running mock.
#[derive(Clone)]
pub struct Mock {
    /// The API base to give the client, e.g. `http://127.0.0.1:PORT/apis/v1`.
    pub url: String,
    state: Arc<MockState>,
}

impl Mock {
    /// Starts a mock serving `tables`; `flaky` adds the 429s and the 500.
    pub async fn start(tables: Vec<Table>, flaky: bool) -> Mock {
        let state = Arc::new(MockState {
            base: Mutex::new(String::new()),
            tables: Mutex::new(tables),
            flaky,
            counters: Mutex::new(Counters::default()),
            requests: AtomicU32::new(0),
        });
        let api = Router::new()
            .route("/docs/{doc}/tables", get(list_tables))
            .route("/docs/{doc}/tables/{table}/columns", get(list_columns))
            .route("/docs/{doc}/tables/{table}/rows", get(list_rows))
            .with_state(state.clone());
        let app = Router::new().nest("/apis/v1", api);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/apis/v1", listener.local_addr().expect("addr"));
        *state.base.lock().expect("lock") = url.clone();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Mock { url, state }
    }

    /// Requests answered so far.
    pub fn requests(&self) -> u32 {
        self.state.requests.load(Ordering::SeqCst)
    }
}

fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({
        "statusCode": status.as_u16(),
        "statusMessage": status.canonical_reason().unwrap_or(""),
        "message": message,
    });
    (status, Json(body)).into_response()
}

/// Auth, then the scripted failures: per path, the first request of some endpoints fails.
fn gate(state: &MockState, headers: &HeaderMap, path: &str) -> Option<Response> {
    state.requests.fetch_add(1, Ordering::SeqCst);
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if auth != format!("Bearer {TOKEN}") {
        return Some(error(StatusCode::UNAUTHORIZED, "Unauthorized"));
    }
    if !state.flaky {
        return None;
    }
    let n = {
        let mut c = state.counters.lock().expect("lock");
        let n = c.hits.entry(path.to_owned()).or_default();
        *n += 1;
        *n
    };
    if n > 1 {
        return None;
    }
    if path.ends_with("/tables") {
        // The very first call: rate limited for one second.
        let mut r = error(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded");
        r.headers_mut()
            .insert("retry-after", "1".parse().expect("header"));
        return Some(r);
    }
    if path.contains(TASKS) && path.ends_with("/columns") {
        return Some(error(StatusCode::INTERNAL_SERVER_ERROR, "Internal error"));
    }
    if path.ends_with("/rows") && path.contains("grid-B") {
        // No Retry-After: the client backs off on its own.
        return Some(error(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded"));
    }
    if path.ends_with("/rows") && path.contains("grid-4") {
        let mut r = error(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded");
        r.headers_mut()
            .insert("retry-after", "0".parse().expect("header"));
        return Some(r);
    }
    None
}

/// One page of `items` as Coda lists them.
fn page(state: &MockState, path: &str, items: Vec<Value>, q: &HashMap<String, String>) -> Response {
    let limit = match q.get("limit").map(|l| l.parse::<usize>()) {
        None => 25,
        Some(Ok(l)) if (1..=500).contains(&l) => l,
        Some(_) => return error(StatusCode::BAD_REQUEST, "limit must be between 1 and 500"),
    };
    let start = match q.get("pageToken") {
        None => 0,
        Some(t) => match t.strip_prefix("tok-").and_then(|n| n.parse::<usize>().ok()) {
            Some(n) if n <= items.len() => n,
            _ => return error(StatusCode::BAD_REQUEST, "Invalid page token"),
        },
    };
    let end = (start + limit.min(MAX_PAGE)).min(items.len());
    let base = state.base.lock().expect("lock").clone();
    let mut body = json!({
        "items": items[start..end].to_vec(),
        "href": format!("{base}{path}?limit={limit}"),
    });
    if end < items.len() {
        body["nextPageToken"] = json!(format!("tok-{end}"));
        body["nextPageLink"] = json!(format!("{base}{path}?pageToken=tok-{end}"));
    }
    Json(body).into_response()
}

/// The table of a path, or the message of the 404 Coda answers.
fn find<'a>(tables: &'a [Table], doc: &str, table: &str) -> Result<&'a Table, String> {
    if doc != DOC {
        return Err(format!("Doc {doc} not found"));
    }
    tables
        .iter()
        .find(|t| t.id == table || t.name == table)
        .ok_or_else(|| format!("Table {table} not found"))
}

async fn list_tables(
    State(state): State<Arc<MockState>>,
    Path(doc): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let path = format!("/docs/{doc}/tables");
    if let Some(r) = gate(&state, &headers, &path) {
        return r;
    }
    if doc != DOC {
        return error(StatusCode::NOT_FOUND, &format!("Doc {doc} not found"));
    }
    let base = state.base.lock().expect("lock").clone();
    let items = state
        .tables
        .lock()
        .expect("lock")
        .iter()
        .map(|t| t.api_table(&base))
        .collect();
    page(&state, &path, items, &q)
}

async fn list_columns(
    State(state): State<Arc<MockState>>,
    Path((doc, table)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let path = format!("/docs/{doc}/tables/{table}/columns");
    if let Some(r) = gate(&state, &headers, &path) {
        return r;
    }
    let base = state.base.lock().expect("lock").clone();
    let items = {
        let tables = state.tables.lock().expect("lock");
        match find(&tables, &doc, &table) {
            Ok(t) => t.api_columns(&base),
            Err(m) => return error(StatusCode::NOT_FOUND, &m),
        }
    };
    page(&state, &path, items, &q)
}

async fn list_rows(
    State(state): State<Arc<MockState>>,
    Path((doc, table)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let path = format!("/docs/{doc}/tables/{table}/rows");
    if let Some(r) = gate(&state, &headers, &path) {
        return r;
    }
    if q.get("valueFormat").map(String::as_str) != Some("rich") {
        return error(
            StatusCode::BAD_REQUEST,
            "this mock serves valueFormat=rich only",
        );
    }
    let base = state.base.lock().expect("lock").clone();
    let items = {
        let tables = state.tables.lock().expect("lock");
        match find(&tables, &doc, &table) {
            Ok(t) => t.api_rows(&base),
            Err(m) => return error(StatusCode::NOT_FOUND, &m),
        }
    };
    page(&state, &path, items, &q)
}
