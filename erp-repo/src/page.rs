//! Keyset pagination: a page of rows and an opaque cursor to the next one, signed with a key of the
//! process so that a cursor cannot be made or altered by a caller.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::{LazyLock, RwLock};

use sea_query::{Expr, ExprTrait, Order, SelectStatement};

use crate::error::{Error, Result};

/// Rows per page when the caller does not say.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// The largest page a caller may ask for.
pub const MAX_PAGE_SIZE: u32 = 1000;

/// Which page to read: its size and where the previous page ended.
///
/// The first page has no cursor; each page hands back the cursor to the next, which the next request
/// passes in [`PageRequest::after`]. The page after a cursor starts strictly after the cursor's row
/// (keyset pagination: no `OFFSET`, so a page costs the same wherever it is):
///
/// ```
/// use erp_model::TaskInsertForm;
/// use erp_repo::erp::{TaskFilter, TaskSort, Tasks};
/// use erp_repo::{PageRequest, SortOrder};
///
/// # #[tokio::main]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let scratch = erp_testkit::TestDb::new().await?;
/// # let pool = scratch.pool();
/// for title in ["Draft", "Review", "Send"] {
///     Tasks::insert(pool, &TaskInsertForm::new(title)).await?;
/// }
/// let (filter, order) = (TaskFilter::default(), SortOrder::asc(TaskSort::Title));
/// let first = Tasks::list(pool, &filter, order, &PageRequest::first(2)).await?;
/// assert_eq!(first.items.len(), 2);
/// let cursor = first.next.expect("a third task remains");
///
/// // The next page's statement: after the last row's (title, id).
/// let next = PageRequest::after(2, cursor);
/// let (sql, values) = Tasks::list_sql(&filter, order, &next)?;
/// assert_eq!(
///     sql,
///     r#"SELECT * FROM "erp"."tasks" WHERE ("title", "id") > ($1::text, $2) ORDER BY "title" ASC, "id" ASC LIMIT $3"#
/// );
/// assert_eq!(values.0[0], sea_query::Value::from("Review"));
///
/// let last = Tasks::list(pool, &filter, order, &next).await?;
/// assert_eq!(last.items[0].title, "Send");
/// assert!(last.next.is_none());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// Rows per page, 1 to [`MAX_PAGE_SIZE`].
    pub limit: u32,
    /// The cursor returned with the previous page; `None` for the first page.
    pub after: Option<Cursor>,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            limit: DEFAULT_PAGE_SIZE,
            after: None,
        }
    }
}

impl PageRequest {
    /// The first page of `limit` rows.
    pub fn first(limit: u32) -> Self {
        PageRequest { limit, after: None }
    }

    /// The page after `cursor`.
    pub fn after(limit: u32, cursor: Cursor) -> Self {
        PageRequest {
            limit,
            after: Some(cursor),
        }
    }

    pub(crate) fn checked_limit(&self) -> Result<u64> {
        if self.limit == 0 || self.limit > MAX_PAGE_SIZE {
            return Err(Error::invalid(
                "limit",
                format!("page size must be 1 to {MAX_PAGE_SIZE}, got {}", self.limit),
            ));
        }
        Ok(u64::from(self.limit))
    }
}

/// One page of rows, and the cursor to the next page if there is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows of this page, in the requested order.
    pub items: Vec<T>,
    /// Hand this back in [`PageRequest::after`] for the next page; `None` on the last page.
    pub next: Option<Cursor>,
}

/// Where a page ended: the sort key and id of its last row and the ordering, signed with the process's
/// cursor key (HMAC-SHA256), so that a cursor made or altered outside the SDK is rejected.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cursor(String);

#[derive(Serialize, Deserialize)]
pub(crate) struct CursorKey {
    /// The table and ordering the cursor was made for, e.g. `erp_repo::erp::task::TaskSort:created_at:asc`.
    pub o: String,
    /// The last row's sort key, as text.
    pub k: String,
    /// The last row's id.
    pub i: i64,
}

/// The key cursors are signed with: random per process unless [`set_cursor_key`] (or
/// [`DbOptions::cursor_key`](crate::DbOptions::cursor_key)) sets one, e.g. so that every instance of a
/// service accepts the others' cursors.
static CURSOR_KEY: LazyLock<RwLock<[u8; 32]>> = LazyLock::new(|| {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    RwLock::new(key)
});

/// A secret to sign cursors with, shared by every instance of a service; its Debug output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct CursorSecret(Vec<u8>);

impl CursorSecret {
    /// Any bytes; at least 32 random ones make a good key.
    pub fn new(secret: impl Into<Vec<u8>>) -> CursorSecret {
        CursorSecret(secret.into())
    }
}

impl std::fmt::Debug for CursorSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorSecret(<redacted>)")
    }
}

/// Signs cursors with `secret` from now on, in the whole process; cursors signed before stop decoding.
pub fn set_cursor_key(secret: &CursorSecret) {
    let secret = &secret.0;
    let key: [u8; 32] = Sha256::digest(secret).into();
    *CURSOR_KEY.write().unwrap_or_else(|e| e.into_inner()) = key;
}

/// The first 16 bytes of HMAC-SHA256 of the payload under the process's cursor key.
fn digest(payload: &[u8]) -> Vec<u8> {
    let key = *CURSOR_KEY.read().unwrap_or_else(|e| e.into_inner());
    crate::isolation::hmac_sha256(&key, payload)[..16].to_vec()
}

impl Cursor {
    pub(crate) fn encode(key: &CursorKey) -> Cursor {
        let payload = serde_json::to_vec(key).expect("cursor keys serialize");
        Cursor(format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(digest(&payload))
        ))
    }

    pub(crate) fn decode(&self, ordering: &str) -> Result<CursorKey> {
        let bad = |reason: &str| Error::invalid("cursor", reason.to_owned());
        let (payload, sig) = self
            .0
            .split_once('.')
            .ok_or_else(|| bad("malformed cursor"))?;
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| bad("malformed cursor"))?;
        let sig = URL_SAFE_NO_PAD
            .decode(sig)
            .map_err(|_| bad("malformed cursor"))?;
        // Compared as digests, so the comparison's timing says nothing about a guess.
        if Sha256::digest(&sig) != Sha256::digest(digest(&payload)) {
            return Err(bad("cursor was altered"));
        }
        let key: CursorKey =
            serde_json::from_slice(&payload).map_err(|_| bad("malformed cursor"))?;
        if key.o != ordering {
            return Err(bad("cursor belongs to another table or ordering"));
        }
        Ok(key)
    }

    /// The cursor as text, to put in a URL or JSON body.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Cursor {
    fn from(s: String) -> Self {
        Cursor(s)
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A column a list can be ordered by; rows are ordered by it, then by id, so the order is total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    /// The column (NOT NULL, so keyset comparison is exact).
    pub column: &'static str,
    /// Its PostgreSQL type, to read the cursor's key back.
    pub sql_type: &'static str,
}

impl SortKey {
    /// Order by id (insertion order).
    pub const ID: SortKey = SortKey {
        column: "id",
        sql_type: "bigint",
    };
    /// Order by creation time.
    pub const CREATED_AT: SortKey = SortKey {
        column: "created_at",
        sql_type: "timestamptz",
    };
    /// Order by last update.
    pub const UPDATED_AT: SortKey = SortKey {
        column: "updated_at",
        sql_type: "timestamptz",
    };
}

/// Every sort key of a table, for the drift test that holds them against the catalog.
pub trait SortKeys: Sized + 'static {
    /// Every key, the default (id) first.
    #[allow(dead_code)]
    const ALL: &'static [Self];
}

/// How to order a list: a table's sort key and a direction.
///
/// Rows are ordered by the key, then by id, so the order is total and a cursor names one place in it:
///
/// ```
/// use erp_repo::erp::{TaskFilter, TaskSort, Tasks};
/// use erp_repo::{PageRequest, SortOrder};
///
/// let newest_first = SortOrder::desc(TaskSort::CreatedAt);
/// let (sql, values) = Tasks::list_sql(&TaskFilter::default(), newest_first, &PageRequest::first(20))?;
/// assert_eq!(
///     sql,
///     r#"SELECT * FROM "erp"."tasks" WHERE TRUE ORDER BY "created_at" DESC, "id" DESC LIMIT $1"#
/// );
/// // One row more than the page, to know whether there is a next page.
/// assert_eq!(values.0, [sea_query::Value::from(21u64)]);
///
/// // The default is by id, smallest first.
/// let (sql, _) = Tasks::list_sql(&TaskFilter::default(), SortOrder::default(), &PageRequest::first(20))?;
/// assert_eq!(sql, r#"SELECT * FROM "erp"."tasks" WHERE TRUE ORDER BY "id" ASC LIMIT $1"#);
/// # Ok::<(), erp_repo::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortOrder<K> {
    /// What to order by.
    pub by: K,
    /// Largest first.
    pub descending: bool,
}

impl<K> SortOrder<K> {
    /// Smallest first.
    pub fn asc(by: K) -> Self {
        SortOrder {
            by,
            descending: false,
        }
    }
    /// Largest first.
    pub fn desc(by: K) -> Self {
        SortOrder {
            by,
            descending: true,
        }
    }
}

impl<K: Default> Default for SortOrder<K> {
    fn default() -> Self {
        SortOrder::asc(K::default())
    }
}

/// Adds keyset ordering, the cursor's bound and LIMIT to a select; returns the page size.
pub fn page_query<K: Into<SortKey> + Copy>(
    stmt: &mut SelectStatement,
    ordering: SortOrder<K>,
    page: &PageRequest,
) -> Result<u64> {
    let limit = page.checked_limit()?;
    let key: SortKey = ordering.by.into();
    if let Some(cursor) = &page.after {
        let last = cursor.decode(&ordering_tag::<K>(key, ordering.descending))?;
        let bound = Expr::tuple([
            Expr::cust_with_values(format!("$1::{}", key.sql_type), [last.k]),
            Expr::val(last.i),
        ]);
        let cols = Expr::tuple([Expr::col(key.column), Expr::col("id")]);
        stmt.and_where(if ordering.descending {
            cols.lt(bound)
        } else {
            cols.gt(bound)
        });
    }
    let dir = if ordering.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    if key.column != "id" {
        stmt.order_by(key.column, dir.clone());
    }
    stmt.order_by("id", dir).limit(limit + 1);
    Ok(limit)
}

/// What a cursor is bound to: the table, through its own sort-key type (every table declares one with
/// `sort_keys!`), the column and the direction. A type name may change with the compiler, so a cursor
/// may not survive an upgrade of the service; it is short-lived anyway.
pub(crate) fn ordering_tag<K>(key: SortKey, descending: bool) -> String {
    format!(
        "{}:{}:{}",
        std::any::type_name::<K>(),
        key.column,
        if descending { "desc" } else { "asc" }
    )
}

/// Cuts the extra row fetched by [`page_query`] and makes the next cursor from the last row kept.
pub fn finish_page<R: Serialize, K: Into<SortKey> + Copy>(
    mut items: Vec<R>,
    ordering: SortOrder<K>,
    limit: u64,
) -> Result<Page<R>> {
    let more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    let next = match (more, items.last()) {
        (true, Some(last)) => Some(cursor_after(last, ordering)?),
        _ => None,
    };
    Ok(Page { items, next })
}

fn cursor_after<R: Serialize, K: Into<SortKey> + Copy>(
    row: &R,
    ordering: SortOrder<K>,
) -> Result<Cursor> {
    let key: SortKey = ordering.by.into();
    let json = serde_json::to_value(row).map_err(|e| Error::invalid("cursor", e.to_string()))?;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let id = json
        .get("id")
        .and_then(serde_json::Value::as_i64)
        .ok_or_else(|| Error::invalid("cursor", "row has no id"))?;
    let k = json.get(key.column).and_then(text).ok_or_else(|| {
        Error::invalid(
            "cursor",
            format!("sort column {} is not a plain value", key.column),
        )
    })?;
    Ok(Cursor::encode(&CursorKey {
        o: ordering_tag::<K>(key, ordering.descending),
        k,
        i: id,
    }))
}
