//! [`Repository`]: the shared CRUD of the SDK's repositories, for code generic over tables.

use std::future::Future;

use sqlx::{Acquire, PgExecutor, Postgres};

use crate::{Page, PageRequest, Result, SortKey, SortOrder};

/// The calls every repository declared on the shared CRUD answers, for code generic over tables (an
/// admin tool, a test helper). Each repository also has them as inherent methods, so callers need not
/// import this trait.
///
/// Sealed: only the SDK implements it. [`MemoryEntries`](crate::agent::MemoryEntries) does not, because
/// its reads hide expired entries and a generic read would not.
pub trait Repository: sealed::Sealed + Sized {
    /// The schema-qualified table, e.g. `erp.tasks`.
    const TABLE: &'static str;
    /// Whether rows have a `global_id`, so [`Repository::get_by_global_id`] can find them.
    const HAS_GLOBAL_ID: bool;
    /// The typed id.
    type Id: Copy + Into<i64> + std::fmt::Display + Send + Sync;
    /// The row.
    type Row: serde::Serialize + Send + Unpin;
    /// What a caller sets to insert a row.
    type Insert;
    /// What a caller changes on update.
    type Update;
    /// The table's list filter.
    type Filter;
    /// The table's sort keys.
    type Sort: Into<SortKey> + Copy;

    /// Inserts one row and returns it as stored.
    fn insert<'e>(
        exec: impl PgExecutor<'e>,
        form: &Self::Insert,
    ) -> impl Future<Output = Result<Self::Row>> + Send;
    /// Inserts many rows atomically, in as few statements as the bind-parameter limit allows.
    fn insert_many<'c>(
        db: impl Acquire<'c, Database = Postgres> + Send,
        forms: &[Self::Insert],
    ) -> impl Future<Output = Result<Vec<Self::Row>>> + Send;
    /// The row with this id, or [`Error::NotFound`](crate::Error::NotFound).
    fn get<'e>(
        exec: impl PgExecutor<'e>,
        id: Self::Id,
    ) -> impl Future<Output = Result<Self::Row>> + Send;
    /// The row with this global id, or [`Error::NotFound`](crate::Error::NotFound); an
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) on a table without global ids.
    fn get_by_global_id<'e>(
        exec: impl PgExecutor<'e>,
        global_id: uuid::Uuid,
    ) -> impl Future<Output = Result<Self::Row>> + Send;
    /// Applies the fields the form sets and returns the row; an empty form changes nothing.
    fn update<'e>(
        exec: impl PgExecutor<'e>,
        id: Self::Id,
        form: &Self::Update,
    ) -> impl Future<Output = Result<Self::Row>> + Send;
    /// Deletes the row with this id, or fails with [`Error::NotFound`](crate::Error::NotFound).
    fn delete<'e>(
        exec: impl PgExecutor<'e>,
        id: Self::Id,
    ) -> impl Future<Output = Result<()>> + Send;
    /// A page of rows matching the filter, in the given order.
    ///
    /// Stale-tolerant: a service may pass [`Db::reader`](crate::Db::reader) (the read replica while it is
    /// fresh); after a write of the same unit of work, pass the primary ([`Db::pool`](crate::Db::pool)) or the transaction.
    fn list<'e>(
        exec: impl PgExecutor<'e>,
        filter: &Self::Filter,
        order: SortOrder<Self::Sort>,
        page: &PageRequest,
    ) -> impl Future<Output = Result<Page<Self::Row>>> + Send;
}

pub(crate) mod sealed {
    /// Keeps [`Repository`](super::Repository) implemented by the SDK only.
    pub trait Sealed {}
}
