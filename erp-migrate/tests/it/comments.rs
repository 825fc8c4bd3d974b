//! Every table, view and column of erp, agent and coda carries a one-line `COMMENT ON` (migration 0009), and
//! rolling 0009 back removes only what it added.

use erp_migrate::DownTarget;

use crate::common::{migrated, unmigrated};

/// The schemas whose every table, view and column must be commented.
const COMMENTED: &[&str] = &["erp", "agent", "coda"];

/// Tables and views (`schema.name`) without a comment, then columns (`schema.table.column`) without one.
async fn uncommented(pool: &sqlx::PgPool) -> (Vec<String>, Vec<String>) {
    let relations: Vec<String> = sqlx::query_scalar(
        "SELECT format('%s.%s', n.nspname, c.relname)
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p', 'v', 'm')
           AND coalesce(obj_description(c.oid, 'pg_class'), '') = ''
         ORDER BY 1",
    )
    .bind(COMMENTED)
    .fetch_all(pool)
    .await
    .unwrap();
    let columns: Vec<String> = sqlx::query_scalar(
        "SELECT format('%s.%s.%s', n.nspname, c.relname, a.attname)
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p', 'v', 'm')
           AND coalesce(col_description(c.oid, a.attnum), '') = ''
         ORDER BY 1",
    )
    .bind(COMMENTED)
    .fetch_all(pool)
    .await
    .unwrap();
    (relations, columns)
}

/// How many tables, views and columns of [`COMMENTED`] have a comment.
async fn commented_count(pool: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_description d
         JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p', 'v', 'm')",
    )
    .bind(COMMENTED)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_table_view_and_column_has_a_one_line_comment() {
    let db = migrated().await;
    let (relations, columns) = uncommented(db.pool()).await;
    assert!(
        relations.is_empty() && columns.is_empty(),
        "add a COMMENT ON in a new migration for each of these (one line, in the business's words):\n\
         tables and views: {relations:?}\ncolumns: {columns:?}"
    );
    let multi_line: Vec<String> = sqlx::query_scalar(
        "SELECT d.description FROM pg_description d
         JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY ($1) AND d.description LIKE E'%\\n%'",
    )
    .bind(COMMENTED)
    .fetch_all(db.pool())
    .await
    .unwrap();
    assert!(
        multi_line.is_empty(),
        "comments spanning lines: {multi_line:?}"
    );
}

#[tokio::test]
async fn rolling_back_the_comments_keeps_the_earlier_ones() {
    let db = unmigrated().await;
    let pool = db.pool();
    erp_migrate::up(pool).await.unwrap();
    let before_0009 = 20251201000008;
    erp_migrate::down(pool, DownTarget::To(before_0009))
        .await
        .unwrap();
    // coda.rows and the six erp views were commented by 0003, 0006 and 0007.
    assert_eq!(commented_count(pool).await, 7);
    erp_migrate::up(pool).await.unwrap();
    assert_eq!(uncommented(pool).await, (vec![], vec![]));
}
