//! `up` and `down` on real databases.

use erp_migrate::{DownTarget, Error};

use crate::common::{ALL_TABLES, schema_exists, table_counts, unmigrated, versions};

#[tokio::test]
async fn up_down_all_up_round_trip() {
    let db = unmigrated().await;
    let pool = db.pool();
    assert_eq!(table_counts(pool).await, (0, 0));

    assert_eq!(erp_migrate::up(pool).await.unwrap(), versions());
    assert_eq!(table_counts(pool).await, ALL_TABLES);
    assert!(erp_migrate::validate(pool).await.unwrap().is_ok());

    // A second `up` is a no-op.
    assert_eq!(erp_migrate::up(pool).await.unwrap(), Vec::<i64>::new());
    assert_eq!(table_counts(pool).await, ALL_TABLES);

    let mut newest_first = versions();
    newest_first.reverse();
    assert_eq!(
        erp_migrate::down(pool, DownTarget::All).await.unwrap(),
        newest_first
    );
    assert_eq!(table_counts(pool).await, (0, 0));
    assert!(!schema_exists(pool, "erp").await);
    assert!(!schema_exists(pool, "agent").await);
    assert!(
        erp_migrate::status(pool)
            .await
            .unwrap()
            .iter()
            .all(|s| !s.is_applied())
    );
    // Nothing left to undo.
    assert!(
        erp_migrate::down(pool, DownTarget::All)
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(erp_migrate::up(pool).await.unwrap(), versions());
    assert_eq!(table_counts(pool).await, ALL_TABLES);
    assert!(erp_migrate::validate(pool).await.unwrap().is_ok());
}

#[tokio::test]
async fn down_last_then_up_again() {
    let db = unmigrated().await;
    let pool = db.pool();
    let all = versions();
    let last = *all.last().unwrap();
    erp_migrate::up(pool).await.unwrap();

    assert_eq!(
        erp_migrate::down(pool, DownTarget::Last).await.unwrap(),
        vec![last]
    );
    let status = erp_migrate::status(pool).await.unwrap();
    assert_eq!(status.len(), all.len());
    for s in &status {
        assert_eq!(s.is_applied(), s.version != last, "{s:?}");
        assert!(!s.is_problem(), "{s:?}");
    }
    // What the last migration made is gone (or back to its earlier form), and validate says so; the
    // tables of the migrations before it stay.
    let (erp, agent) = table_counts(pool).await;
    assert!(
        (16..=ALL_TABLES.0).contains(&erp) && agent == ALL_TABLES.1,
        "{erp} {agent}"
    );
    let report = erp_migrate::validate(pool).await.unwrap();
    assert!(!report.is_ok(), "{report}");

    assert_eq!(erp_migrate::up(pool).await.unwrap(), vec![last]);
    assert_eq!(table_counts(pool).await, ALL_TABLES);
    assert!(erp_migrate::validate(pool).await.unwrap().is_ok());
}

#[tokio::test]
async fn down_to_first_version_leaves_only_erp() {
    let db = unmigrated().await;
    let pool = db.pool();
    let all = versions();
    erp_migrate::up(pool).await.unwrap();

    let undone = erp_migrate::down(pool, DownTarget::To(all[0]))
        .await
        .unwrap();
    let mut expected: Vec<i64> = all[1..].to_vec();
    expected.reverse();
    assert_eq!(undone, expected);

    assert!(schema_exists(pool, "erp").await);
    assert!(!schema_exists(pool, "agent").await);
    assert_eq!(table_counts(pool).await, (16, 0));
    let applied: Vec<i64> = erp_migrate::status(pool)
        .await
        .unwrap()
        .iter()
        .filter(|s| s.is_applied())
        .map(|s| s.version)
        .collect();
    assert_eq!(applied, vec![all[0]]);

    // Down to the version that is already the newest: nothing to do.
    assert!(
        erp_migrate::down(pool, DownTarget::To(all[0]))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(erp_migrate::up(pool).await.unwrap(), all[1..].to_vec());
    assert!(erp_migrate::validate(pool).await.unwrap().is_ok());
}

#[tokio::test]
async fn down_to_an_unknown_version_is_refused() {
    let db = unmigrated().await;
    let pool = db.pool();
    erp_migrate::up(pool).await.unwrap();
    let err = erp_migrate::down(pool, DownTarget::To(42))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::UnknownVersion(42)), "{err}");
    assert_eq!(table_counts(pool).await, ALL_TABLES);
}

#[tokio::test]
async fn down_on_an_empty_database_does_nothing() {
    let db = unmigrated().await;
    let pool = db.pool();
    assert!(
        erp_migrate::down(pool, DownTarget::Last)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        erp_migrate::down(pool, DownTarget::All)
            .await
            .unwrap()
            .is_empty()
    );
}
