//! `validate` against drift made by hand.

use crate::common::{exec, migrated, run_cli, text};

const TASKS_INDEX: &str = "index erp.tasks_scheduled_start_date_idx CREATE INDEX tasks_scheduled_start_date_idx ON erp.tasks USING btree (scheduled_start_date, id) INCLUDE (title, status, priority, project_id, assignee_id, scheduled_end_date, estimated_hours)";

#[tokio::test]
async fn fresh_database_validates_clean() {
    let db = migrated().await;
    let report = erp_migrate::validate(db.pool()).await.unwrap();
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.expected, erp_migrate::expected_schema().len());

    let out = run_cli(db.url(), &["validate"]).await;
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert_eq!(
        stdout.trim(),
        format!("schema OK ({} objects)", report.expected)
    );
}

#[tokio::test]
async fn dropped_index_is_reported_missing() {
    let db = migrated().await;
    exec(db.pool(), "DROP INDEX erp.tasks_scheduled_start_date_idx").await;

    let report = erp_migrate::validate(db.pool()).await.unwrap();
    assert_eq!(report.missing, vec![TASKS_INDEX.to_string()]);
    assert!(report.extra.is_empty(), "{report}");

    let out = run_cli(db.url(), &["validate"]).await;
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("missing: {TASKS_INDEX}")),
        "{stdout}"
    );
    assert!(
        stderr.contains("schema drift: 1 missing, 0 extra"),
        "{stderr}"
    );
}

#[tokio::test]
async fn stray_table_is_reported_extra() {
    let db = migrated().await;
    exec(db.pool(), "CREATE TABLE erp.stray (id int)").await;

    let report = erp_migrate::validate(db.pool()).await.unwrap();
    assert!(report.missing.is_empty(), "{report}");
    assert_eq!(
        report.extra,
        vec![
            "column erp.stray.id integer null".to_string(),
            "table erp.stray".to_string()
        ]
    );

    let out = run_cli(db.url(), &["validate"]).await;
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("extra: table erp.stray"), "{stdout}");
}

#[tokio::test]
async fn changed_on_delete_rule_and_check_are_reported() {
    let db = migrated().await;
    exec(
        db.pool(),
        "ALTER TABLE erp.tasks DROP CONSTRAINT tasks_project_id_fkey,
             ADD CONSTRAINT tasks_project_id_fkey FOREIGN KEY (project_id) REFERENCES erp.projects (id)
                 ON DELETE RESTRICT,
             DROP CONSTRAINT tasks_priority_check",
    )
    .await;

    let report = erp_migrate::validate(db.pool()).await.unwrap();
    assert_eq!(
        report.extra,
        vec![
            "fk erp.tasks.tasks_project_id_fkey (project_id) -> erp.projects (id) on delete restrict"
                .to_string()
        ]
    );
    assert_eq!(report.missing.len(), 2, "{report}");
    assert!(report.missing.contains(
        &"fk erp.tasks.tasks_project_id_fkey (project_id) -> erp.projects (id) on delete cascade"
            .to_string()
    ));
    assert!(
        report
            .missing
            .iter()
            .any(|l| l.starts_with("check erp.tasks.tasks_priority_check CHECK")),
        "{report}"
    );
}

#[tokio::test]
async fn row_level_security_and_policies_are_validated() {
    let db = migrated().await;
    exec(db.pool(), "ALTER TABLE erp.tasks ENABLE ROW LEVEL SECURITY").await;
    exec(
        db.pool(),
        "CREATE POLICY tasks_visible ON erp.tasks FOR SELECT USING (status <> 'Cancelled')",
    )
    .await;

    let report = erp_migrate::validate(db.pool()).await.unwrap();
    assert!(report.missing.is_empty(), "{report}");
    assert_eq!(
        report.extra,
        vec![
            "policy erp.tasks.tasks_visible permissive for select to public using ((status <> 'Cancelled'::text))"
                .to_string(),
            "rls erp.tasks enabled".to_string(),
        ]
    );
}

#[tokio::test]
async fn objects_outside_erp_and_agent_are_ignored() {
    let db = migrated().await;
    exec(db.pool(), "CREATE TABLE public.scratch (id int)").await;
    exec(db.pool(), "CREATE SCHEMA other").await;
    exec(db.pool(), "CREATE TABLE other.thing (id int)").await;
    let report = erp_migrate::validate(db.pool()).await.unwrap();
    assert!(report.is_ok(), "{report}");
}

#[tokio::test]
async fn validate_does_not_depend_on_search_path() {
    let db = migrated().await;
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                sqlx::query("SET search_path = erp, agent, public")
                    .execute(conn)
                    .await?;
                Ok(())
            })
        })
        .connect(db.url())
        .await
        .unwrap();
    let report = erp_migrate::validate(&pool).await.unwrap();
    assert!(report.is_ok(), "{report}");
    pool.close().await;
}
