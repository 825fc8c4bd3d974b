//! What both HTTP service templates share: connecting under the service's own role, checking the
//! migrations at start-up, answering every error with the SDK's status and JSON body, serving, and the
//! scripted `--demo` client.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use erp_repo::isolation::ClaimKey;
use erp_repo::{Db, DbOptions, Error};
use erp_testkit::{LoginRole, SdkRole, TestDb};
use serde::de::DeserializeOwned;

use crate::BoxError;

pub mod memory_gateway;
pub mod planner_api;

/// A handler's error: an SDK error, answered with [`Error::status_code`] and [`Error::body`].
#[derive(Debug)]
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.0.body())).into_response()
    }
}

/// What a handler returns: a JSON response, or the SDK's error body.
pub type ApiResult<T> = Result<T, ApiError>;

/// A JSON request body; a body that does not parse is a 400 with the SDK's `invalid_input` body.
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(ApiError(Error::invalid("body", rejection.body_text()))),
        }
    }
}

/// Path parameters; ones that do not parse are a 400 with the SDK's `invalid_input` body.
#[derive(Debug)]
pub struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Params(value)),
            Err(rejection) => Err(ApiError(Error::invalid("path", rejection.body_text()))),
        }
    }
}

/// A query string; one that does not parse is a 400 with the SDK's `invalid_input` body.
#[derive(Debug)]
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(QueryParams(value)),
            Err(rejection) => Err(ApiError(Error::invalid("query", rejection.body_text()))),
        }
    }
}

/// A service's database: a [`Db`] connected as the service's role, and, without `DATABASE_URL`, the
/// throwaway database and login role behind it.
#[derive(Debug)]
pub struct ServiceDb {
    db: Db,
    source: String,
    // Dropped after the pool: the role, then the database.
    _role: Option<LoginRole>,
    owner: Option<TestDb>,
}

impl ServiceDb {
    /// The pool, connected as the service's role.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Where it is connected, fit to print (no password).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The throwaway database's owner (the deploy step's role), to seed demo data with; `None` with
    /// `DATABASE_URL`, where the service has only its own role.
    pub fn owner(&self) -> Option<&TestDb> {
        self.owner.as_ref()
    }
}

/// Connects as the service would in production, and checks the schema with [`erp_migrate::check`]
/// (deploy migrates as the owner; a service never does).
///
/// With `DATABASE_URL` set, that URL must log in as a member of `role`'s group (e.g. a login role
/// `IN ROLE erp_planner`); with `client_claims`, `ERP_CLIENT_CLAIM_KEY` holds the claim key (from
/// `erp-migrate claim-key`). Without `DATABASE_URL`: a fresh database on erp-testkit's throwaway server,
/// a login role in `role`'s group ([`TestDb::login_role`]) to connect as, and the claim key read as the
/// owner, as `erp-migrate claim-key` does.
pub async fn connect_service(role: SdkRole, client_claims: bool) -> Result<ServiceDb, BoxError> {
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty());
    match url {
        Some(url) => {
            let options = DbOptions {
                client_claim_key: if client_claims {
                    Some(ClaimKey::from_env()?)
                } else {
                    None
                },
                ..DbOptions::default()
            };
            let db = Db::connect_with(&url, &options).await?;
            erp_migrate::check(db.pool()).await?;
            Ok(ServiceDb {
                db,
                source: format!("DATABASE_URL ({})", crate::without_password(&url)),
                _role: None,
                owner: None,
            })
        }
        None => {
            let owner = TestDb::new().await?;
            let login = owner.login_role(role).await?;
            let service = connect_as(&owner, &login, client_claims).await?;
            Ok(ServiceDb {
                db: service,
                source: format!(
                    "throwaway PostgreSQL from erp-testkit (database {}, as {} in {}; removed at exit)",
                    owner.name(),
                    login.name(),
                    role.group()
                ),
                _role: Some(login),
                owner: Some(owner),
            })
        }
    }
}

/// A [`Db`] for `owner`'s database logged in as `login`, with the claim key when `client_claims`, the
/// migrations checked: what a service's tests run on.
pub async fn connect_as(
    owner: &TestDb,
    login: &LoginRole,
    client_claims: bool,
) -> Result<Db, BoxError> {
    let options = DbOptions {
        max_connections: 4,
        client_claim_key: if client_claims {
            Some(claim_key(owner).await?)
        } else {
            None
        },
        ..DbOptions::default()
    };
    let db = Db::connect_with(login.url(), &options).await?;
    erp_migrate::check(db.pool()).await?;
    Ok(db)
}

/// The database's client claim key, read as its owner (what `erp-migrate claim-key` prints).
pub async fn claim_key(owner: &TestDb) -> Result<ClaimKey, BoxError> {
    let secret: String = sqlx::query_scalar("SELECT secret FROM erp_private.client_claim_key")
        .fetch_one(owner.pool())
        .await?;
    Ok(ClaimKey::new(secret)?)
}

/// How a template's `main` was asked to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Serve on `PORT` (default 3000) until interrupted.
    Serve,
    /// Serve on a free port, run the scripted session against it, and exit.
    Demo,
}

impl Mode {
    /// `--demo` anywhere in the arguments: [`Mode::Demo`].
    pub fn from_args() -> Mode {
        if std::env::args().skip(1).any(|a| a == "--demo") {
            Mode::Demo
        } else {
            Mode::Serve
        }
    }
}

/// Serves `app` as `name` (binding with [`bind`]): until interrupted, or, in [`Mode::Demo`], while
/// `demo` runs its scripted session against the address, then stops.
pub async fn serve<D, F>(mode: Mode, name: &str, app: axum::Router, demo: D) -> Result<(), BoxError>
where
    D: FnOnce(SocketAddr) -> F,
    F: Future<Output = Result<(), BoxError>>,
{
    let listener = bind(mode).await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    println!("{name} listening on http://{addr}");
    match mode {
        Mode::Serve => server.await??,
        Mode::Demo => {
            let outcome = demo(addr).await;
            server.abort();
            outcome?;
        }
    }
    Ok(())
}

/// Binds `PORT` (default 3000) on all interfaces, or a free local port for a demo.
pub async fn bind(mode: Mode) -> Result<tokio::net::TcpListener, BoxError> {
    let addr: SocketAddr = match mode {
        Mode::Demo => "127.0.0.1:0".parse()?,
        Mode::Serve => {
            let port: u16 = match std::env::var("PORT") {
                Ok(p) if !p.trim().is_empty() => p.trim().parse()?,
                _ => 3000,
            };
            SocketAddr::from(([0, 0, 0, 0], port))
        }
    };
    Ok(tokio::net::TcpListener::bind(addr).await?)
}

/// A client for a `--demo` session: sends real HTTP requests and prints each request and response.
#[derive(Debug)]
pub struct DemoClient {
    http: reqwest::Client,
    base: String,
}

impl DemoClient {
    /// A client of the service at `addr`.
    pub fn new(addr: SocketAddr) -> DemoClient {
        // Built with the rest of the workspace, reqwest gets erp-coda's `rustls-no-provider` feature and
        // panics at `Client::new` unless a process-wide provider is installed, even for plain HTTP.
        // Installing one twice is an error that changes nothing, hence ignored.
        let _ = rustls::crypto::ring::default_provider().install_default();
        DemoClient {
            http: reqwest::Client::new(),
            base: format!("http://{addr}"),
        }
    }

    /// Sends `method path` with an optional JSON body, prints both, and returns the status and the
    /// response's JSON (`null` when empty).
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<(u16, serde_json::Value), BoxError> {
        let method = reqwest::Method::from_bytes(method.as_bytes())?;
        println!("\n> {method} {path}");
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = &body {
            println!("> {}", serde_json::to_string(body)?);
            request = request
                .header("content-type", "application/json")
                .body(serde_json::to_vec(body)?);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        let json: serde_json::Value = if text.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&text)?
        };
        println!("< {status}");
        if !json.is_null() {
            println!("< {}", shorten(&serde_json::to_string(&json)?, 600));
        }
        Ok((status, json))
    }

    /// As [`send`](Self::send), and fails unless the status is `expected`.
    pub async fn expect(
        &self,
        expected: u16,
        method: &str,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<serde_json::Value, BoxError> {
        let (status, json) = self.send(method, path, body).await?;
        if status != expected {
            return Err(
                format!("{method} {path}: expected {expected}, got {status}: {json}").into(),
            );
        }
        Ok(json)
    }
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}
