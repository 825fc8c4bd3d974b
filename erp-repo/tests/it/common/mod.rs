//! Helpers shared by the integration tests of every table: the CRUD round trip, the page walk, typed
//! error assertions and a few fixed values. Table files import them from here, not from each other.

use std::fmt::Debug;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use erp_repo::Repository;
use erp_repo::{Error, PageRequest, SortOrder};
use sqlx::PgPool;

/// A day, from `YYYY-MM-DD`.
pub(crate) fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A fixed instant, `2025-12-01T00:00:00Z` plus `minutes`.
pub(crate) fn at(minutes: i64) -> DateTime<Utc> {
    "2025-12-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(minutes)
}

/// Reads back an inserted row (by id and, where the table has one, by global id), applies `update`
/// and compares the result with `expected(&changed)`, checks an empty update changes nothing, lists
/// with `filter` (which must select exactly this row), deletes it and checks it is gone.
pub(crate) async fn round_trip<T>(
    pool: &PgPool,
    id: T::Id,
    inserted: &T::Row,
    update: &T::Update,
    expected: impl FnOnce(&T::Row) -> T::Row,
    filter: &T::Filter,
    empty: &T::Update,
) where
    T: Repository,
    T::Row: PartialEq + Debug + Clone,
    T::Sort: Default,
{
    assert_eq!(&T::get(pool, id).await.unwrap(), inserted);
    if T::HAS_GLOBAL_ID {
        let json = serde_json::to_value(inserted).unwrap();
        let global_id: uuid::Uuid = json["global_id"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            &T::get_by_global_id(pool, global_id).await.unwrap(),
            inserted
        );
    }
    let changed = T::update(pool, id, update).await.unwrap();
    assert_ne!(
        &changed,
        inserted,
        "{}: the update changed nothing",
        T::TABLE
    );
    assert_eq!(changed, expected(&changed));
    assert_eq!(T::update(pool, id, empty).await.unwrap(), changed);
    let page = T::list(pool, filter, SortOrder::default(), &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![changed.clone()], "{} list", T::TABLE);
    T::delete(pool, id).await.unwrap();
    let gone = T::get(pool, id).await.unwrap_err();
    assert!(
        matches!(&gone, Error::NotFound { table, .. } if *table == T::TABLE),
        "{gone}"
    );
    assert!(matches!(
        T::delete(pool, id).await,
        Err(Error::NotFound { .. })
    ));
}

/// Runs raw SQL that must break the CHECK on `column`, and asserts the typed error names it.
pub(crate) async fn assert_check_violation(pool: &PgPool, sql: &'static str, column: &str) {
    let err = Error::from(sqlx::query(sql).execute(pool).await.unwrap_err());
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == column),
        "{sql}: {err}"
    );
}

/// Asserts a repository error is a foreign-key violation of `constraint`.
pub(crate) fn assert_fk(result: Result<impl Debug, Error>, constraint: &str) {
    let err = result.unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint: c, .. } if c == constraint),
        "{err}"
    );
}

/// A row of `erp.people`, for the agent tables that point at a person.
pub(crate) async fn person(pool: &PgPool, name: &str) -> erp_model::PersonId {
    erp_model::PersonId(
        sqlx::query_scalar("INSERT INTO erp.people (full_name) VALUES ($1) RETURNING id")
            .bind(name)
            .fetch_one(pool)
            .await
            .unwrap(),
    )
}

/// Walks every page of a list, `limit` rows at a time, running `between` after each page; returns the
/// ids in the order visited.
pub(crate) async fn walk<T: Repository>(
    pool: &PgPool,
    filter: &T::Filter,
    ordering: SortOrder<T::Sort>,
    limit: u32,
    mut between: impl AsyncFnMut(),
) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut page = PageRequest::first(limit);
    loop {
        let got = T::list(pool, filter, ordering, &page).await.unwrap();
        assert!(got.items.len() <= limit as usize);
        ids.extend(
            got.items
                .iter()
                .map(|row| serde_json::to_value(row).unwrap()["id"].as_i64().unwrap()),
        );
        between().await;
        match got.next {
            Some(cursor) => page = PageRequest::after(limit, cursor),
            None => break,
        }
    }
    ids
}

/// Asserts a walk visited no row twice and every one of `expected`, in `expected`'s order.
pub(crate) fn assert_visited_once_in_order(seen: &[i64], expected: &[i64]) {
    let mut unique = seen.to_vec();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        seen.len(),
        "a row was visited twice: {seen:?}"
    );
    let in_walk: Vec<i64> = seen
        .iter()
        .copied()
        .filter(|id| expected.contains(id))
        .collect();
    assert_eq!(in_walk, expected, "walk {seen:?}");
}

/// The database's claim key, as the deploy step reads it (`erp-migrate claim-key`, as the owner).
pub(crate) async fn claim_key(db: &erp_testkit::TestDb) -> erp_repo::isolation::ClaimKey {
    let secret: String = sqlx::query_scalar("SELECT secret FROM erp_private.client_claim_key")
        .fetch_one(db.pool())
        .await
        .unwrap();
    erp_repo::isolation::ClaimKey::new(secret).unwrap()
}
