//! A thin client of the Coda API v1: the three list endpoints a pull needs, their pages, and retries.
//!
//! Retries are a small bounded loop rather than a retry crate: Coda's rule is "on 429 wait what
//! `Retry-After` says", which a generic backoff policy has to be bent to (the wait comes from the
//! response, not the attempt number), and the loop is short enough to read and test in one place.

use std::path::Path;
use std::time::Duration;

use reqwest::{StatusCode, Url};
use serde::Deserialize;
use serde_json::Value;

use crate::Error;
use crate::doc::{
    CodaColumn, CodaRow, CodaTable, Manifest, PulledDoc, PulledTable, page_file, safe_file_name,
};
use crate::progress::Progress;

/// Coda's public API base.
pub const DEFAULT_API_URL: &str = "https://coda.io/apis/v1";
/// The BestViable ERP doc (seed 000).
pub const DEFAULT_DOC_ID: &str = "CxcSmXz318";

/// A Coda API token. Its `Debug` shows `***`; it has no `Display`, so it cannot end up in a message.
#[derive(Clone)]
pub struct ApiToken(String);

impl ApiToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> ApiToken {
        ApiToken(token.into())
    }

    /// The token from `CODA_API_TOKEN`, if set and not empty.
    pub fn from_env() -> Option<ApiToken> {
        std::env::var("CODA_API_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty())
            .map(ApiToken)
    }
}

impl std::fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiToken(***)")
    }
}

/// How the client talks to Coda.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The API base, e.g. [`DEFAULT_API_URL`] or a mock's `http://127.0.0.1:PORT`.
    pub api_url: String,
    /// The Bearer token.
    pub token: ApiToken,
    /// Requests per call before giving up on 429s, 5xx and dropped connections (at least 1).
    pub max_attempts: u32,
    /// The first backoff when the server gives no `Retry-After`; doubled each attempt, with jitter.
    pub base_backoff: Duration,
    /// The longest single wait, whatever `Retry-After` says.
    pub max_wait: Duration,
    /// Items per page asked for (`limit`).
    pub page_limit: u32,
    /// Timeout of one request.
    pub request_timeout: Duration,
}

impl ClientConfig {
    /// Coda's defaults: 6 attempts, backoff from 1 s, at most 60 s per wait, 200 rows a page.
    pub fn new(api_url: impl Into<String>, token: ApiToken) -> ClientConfig {
        ClientConfig {
            api_url: api_url.into(),
            token,
            max_attempts: 6,
            base_backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(60),
            page_limit: 200,
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// What a pull cost: requests sent, retries, and time spent waiting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullStats {
    /// HTTP requests sent, retries included.
    pub requests: u32,
    /// Requests that were retried (429, 5xx, dropped connection).
    pub retries: u32,
    /// Total time slept before retries.
    pub waited: Duration,
}

/// The Coda API client.
#[derive(Debug, Clone)]
pub struct CodaClient {
    http: reqwest::Client,
    base: Url,
    config: ClientConfig,
}

/// One page of a list endpoint: the raw body and its parsed form.
struct Page {
    raw: Vec<u8>,
    items: Vec<Value>,
    next_page_token: Option<String>,
}

impl CodaClient {
    /// Builds a client; fails on an unparsable API URL.
    pub fn new(config: ClientConfig) -> Result<CodaClient, Error> {
        // reqwest is built without a bundled crypto provider: ring is installed as the process
        // default unless the host application installed one first (then that one is used).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let base = Url::parse(config.api_url.trim_end_matches('/'))
            .map_err(|e| Error::Http(format!("API URL {:?}: {e}", config.api_url)))?;
        if base.cannot_be_a_base() {
            return Err(Error::Http(format!(
                "API URL {:?} cannot be a base",
                config.api_url
            )));
        }
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .user_agent(concat!("erp-coda/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Http(e.to_string()))?;
        Ok(CodaClient { http, base, config })
    }

    /// `base/docs/{doc}/...` with each segment percent-encoded.
    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty();
            path.extend(segments);
        }
        if !query.is_empty() {
            let mut q = url.query_pairs_mut();
            for (k, v) in query {
                q.append_pair(k, v);
            }
        }
        url
    }

    /// GETs one page, retrying 429s (after `Retry-After`), 5xx and dropped connections.
    async fn get(&self, url: Url, resource: &str, stats: &mut PullStats) -> Result<Page, Error> {
        let path = url.path().to_owned();
        let attempts = self.config.max_attempts.max(1);
        let mut last = String::new();
        for attempt in 1..=attempts {
            stats.requests += 1;
            let sent = self
                .http
                .get(url.clone())
                .bearer_auth(&self.config.token.0)
                .header("Accept", "application/json")
                .send()
                .await;
            let retry_after = match sent {
                Ok(resp) => {
                    let status = resp.status();
                    let retry_after = parse_retry_after(resp.headers().get("retry-after"));
                    match resp.bytes().await {
                        Ok(body) if status.is_success() => return parse_page(&path, body.to_vec()),
                        Ok(body)
                            if status == StatusCode::TOO_MANY_REQUESTS
                                || status.is_server_error() =>
                        {
                            last = format!("{status} {}", api_message(&body));
                            retry_after
                        }
                        Ok(body) => return Err(refusal(status, &path, resource, &body)),
                        Err(e) => {
                            last = format!("{status}, body cut off: {e}");
                            None
                        }
                    }
                }
                Err(e) if e.is_builder() => return Err(Error::Http(e.without_url().to_string())),
                Err(e) => {
                    last = e.without_url().to_string();
                    None
                }
            };
            if attempt == attempts {
                break;
            }
            let wait = retry_after
                .unwrap_or_else(|| backoff(self.config.base_backoff, attempt))
                .min(self.config.max_wait);
            stats.retries += 1;
            stats.waited += wait;
            tokio::time::sleep(wait).await;
        }
        Err(Error::RetriesExhausted {
            path,
            attempts,
            last,
        })
    }

    /// Every page of a list endpoint, following `nextPageToken` to the end.
    async fn list(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
        resource: &str,
        stats: &mut PullStats,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<Page>, Error> {
        let limit = self.config.page_limit.max(1).to_string();
        let mut pages = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut q: Vec<(&str, &str)> = query.to_vec();
            q.push(("limit", &limit));
            if let Some(t) = &token {
                q.push(("pageToken", t));
            }
            let page = self.get(self.url(segments, &q), resource, stats).await?;
            on_page(page.items.len());
            token = page.next_page_token.clone().filter(|t| !t.is_empty());
            pages.push(page);
            if token.is_none() {
                return Ok(pages);
            }
            if pages.len() > 100_000 {
                return Err(Error::BadResponse {
                    path: segments.join("/"),
                    message: "more than 100000 pages: the API keeps returning a nextPageToken"
                        .into(),
                });
            }
        }
    }

    /// The doc's tables (`GET /docs/{docId}/tables`).
    pub async fn tables(
        &self,
        doc_id: &str,
        stats: &mut PullStats,
    ) -> Result<Vec<CodaTable>, Error> {
        let pages = self
            .list(
                &["docs", doc_id, "tables"],
                &[],
                &format!("doc {doc_id}"),
                stats,
                |_| {},
            )
            .await?;
        items(&pages, "tables")
    }

    /// A table's columns (`GET /docs/{docId}/tables/{tableId}/columns`).
    pub async fn columns(
        &self,
        doc_id: &str,
        table_id: &str,
        stats: &mut PullStats,
    ) -> Result<Vec<CodaColumn>, Error> {
        let pages = self
            .list(
                &["docs", doc_id, "tables", table_id, "columns"],
                &[],
                &format!("table {table_id} of doc {doc_id}"),
                stats,
                |_| {},
            )
            .await?;
        items(&pages, "columns")
    }

    /// Every row of a table with rich values (`GET .../rows?valueFormat=rich`).
    pub async fn rows(
        &self,
        doc_id: &str,
        table_id: &str,
        stats: &mut PullStats,
    ) -> Result<Vec<CodaRow>, Error> {
        let pages = self
            .list(
                &["docs", doc_id, "tables", table_id, "rows"],
                &[("valueFormat", "rich")],
                &format!("table {table_id} of doc {doc_id}"),
                stats,
                |_| {},
            )
            .await?;
        items(&pages, "rows")
    }

    /// Pulls the whole doc; with `out`, writes every raw response there (see [`crate::doc`]).
    pub async fn pull(
        &self,
        doc_id: &str,
        out: Option<&Path>,
        progress: &dyn Progress,
    ) -> Result<(PulledDoc, PullStats), Error> {
        let mut stats = PullStats::default();
        let resource = format!("doc {doc_id}");
        let table_pages = self
            .list(
                &["docs", doc_id, "tables"],
                &[],
                &resource,
                &mut stats,
                |_| {},
            )
            .await?;
        let tables: Vec<CodaTable> = items(&table_pages, "tables")?;
        if let Some(dir) = out {
            write_pages(&dir.join("tables"), &table_pages)?;
        }
        progress.start("tables", Some(tables.len() as u64));
        let mut pulled = Vec::with_capacity(tables.len());
        for table in tables {
            progress.message(&table.name);
            let resource = format!("table {} of doc {doc_id}", table.id);
            let segs = ["docs", doc_id, "tables", table.id.as_str()];
            let col_pages = self
                .list(
                    &[&segs[..], &["columns"]].concat(),
                    &[],
                    &resource,
                    &mut stats,
                    |_| {},
                )
                .await?;
            let row_pages = self
                .list(
                    &[&segs[..], &["rows"]].concat(),
                    &[("valueFormat", "rich")],
                    &resource,
                    &mut stats,
                    |_| {},
                )
                .await?;
            if let Some(dir) = out {
                let base = dir.join("tables").join(safe_file_name(&table.id));
                write_pages(&base.join("columns"), &col_pages)?;
                write_pages(&base.join("rows"), &row_pages)?;
            }
            pulled.push(PulledTable {
                columns: items(&col_pages, "columns")?,
                rows: items(&row_pages, "rows")?,
                table,
            });
            progress.advance(1);
        }
        progress.finish();
        if let Some(dir) = out {
            let manifest = Manifest {
                doc_id: doc_id.to_owned(),
                api_url: self.base.to_string(),
                pulled_at: chrono::Utc::now().to_rfc3339(),
                tables: pulled.iter().map(|t| t.table.id.clone()).collect(),
            };
            let path = dir.join("doc.json");
            let json =
                serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Http(e.to_string()))?;
            std::fs::write(&path, json).map_err(|source| Error::Io { path, source })?;
        }
        Ok((
            PulledDoc {
                doc_id: doc_id.to_owned(),
                tables: pulled,
            },
            stats,
        ))
    }
}

fn parse_page(path: &str, raw: Vec<u8>) -> Result<Page, Error> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct List {
        items: Vec<Value>,
        #[serde(default)]
        next_page_token: Option<String>,
    }
    let list: List = serde_json::from_slice(&raw).map_err(|e| Error::BadResponse {
        path: path.to_owned(),
        message: format!("not a Coda list ({e})"),
    })?;
    Ok(Page {
        raw,
        items: list.items,
        next_page_token: list.next_page_token,
    })
}

fn items<T: serde::de::DeserializeOwned>(pages: &[Page], what: &str) -> Result<Vec<T>, Error> {
    let mut out = Vec::new();
    for p in pages {
        for item in &p.items {
            out.push(
                serde_json::from_value(item.clone()).map_err(|e| Error::BadResponse {
                    path: what.to_owned(),
                    message: format!("{e} in {item}"),
                })?,
            );
        }
    }
    Ok(out)
}

fn write_pages(dir: &Path, pages: &[Page]) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    for (i, p) in pages.iter().enumerate() {
        let path = page_file(dir, i + 1);
        std::fs::write(&path, &p.raw).map_err(|source| Error::Io { path, source })?;
    }
    Ok(())
}

/// Coda's error body `{statusCode, statusMessage, message}`, or the body's first 200 characters.
fn api_message(body: &[u8]) -> String {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct ApiError {
        #[serde(default)]
        status_message: Option<String>,
        #[serde(default)]
        message: Option<String>,
    }
    match serde_json::from_slice::<ApiError>(body) {
        Ok(ApiError {
            message: Some(m), ..
        }) => m,
        Ok(ApiError {
            status_message: Some(m),
            ..
        }) => m,
        _ => String::from_utf8_lossy(body).chars().take(200).collect(),
    }
}

fn refusal(status: StatusCode, path: &str, resource: &str, body: &[u8]) -> Error {
    let message = api_message(body);
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Error::TokenRefused {
            status: status.as_u16(),
            message,
        },
        StatusCode::NOT_FOUND => Error::NotFound {
            resource: resource.to_owned(),
            message,
        },
        _ => Error::Api {
            path: path.to_owned(),
            status: status.as_u16(),
            message,
        },
    }
}

/// `Retry-After` as delta-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: Option<&reqwest::header::HeaderValue>) -> Option<Duration> {
    let text = value?.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let wait = at.signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// Exponential backoff with full jitter: a random wait in [base·2^(n-1) / 2, base·2^(n-1)].
pub(crate) fn backoff(base: Duration, attempt: u32) -> Duration {
    let ceiling = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let half = ceiling / 2;
    let jitter = ceiling.saturating_sub(half).as_secs_f64() * fastrand::f64();
    half.saturating_add(Duration::try_from_secs_f64(jitter).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_and_dates() {
        let v = reqwest::header::HeaderValue::from_static("2");
        assert_eq!(parse_retry_after(Some(&v)), Some(Duration::from_secs(2)));
        let past = reqwest::header::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(parse_retry_after(Some(&past)), Some(Duration::ZERO));
        let junk = reqwest::header::HeaderValue::from_static("soon");
        assert_eq!(parse_retry_after(Some(&junk)), None);
        assert_eq!(parse_retry_after(None), None);
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let base = Duration::from_millis(100);
        for attempt in 1..40 {
            let d = backoff(base, attempt);
            let ceiling = base.saturating_mul(1u32 << (attempt - 1).min(16));
            assert!(d >= ceiling / 2 && d <= ceiling, "{attempt}: {d:?}");
        }
    }

    #[test]
    fn token_never_shows() {
        let t = ApiToken::new("secret-token-123");
        assert_eq!(format!("{t:?}"), "ApiToken(***)");
    }
}
