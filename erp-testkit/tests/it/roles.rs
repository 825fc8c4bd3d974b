//! `TestDb::login_role`: a login role in each SDK group, with that group's privileges, dropped with its handle.

use erp_testkit::{SdkRole, TestDb};
use sqlx::{Connection, PgConnection};

#[tokio::test]
async fn login_roles_have_their_groups_privileges_and_go_away() {
    let db = TestDb::new().await.unwrap();
    let planner = db.login_role(SdkRole::Planner).await.unwrap();
    let anon = db.login_role(SdkRole::Anon).await.unwrap();
    assert_ne!(planner.name(), anon.name());
    assert!(planner.name().starts_with("erp_planner_"), "{planner:?}");

    let mut conn = PgConnection::connect(planner.url()).await.unwrap();
    let (user, member): (String, bool) =
        sqlx::query_as("SELECT current_user::text, pg_has_role('erp_planner', 'MEMBER')")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!((user.as_str(), member), (planner.name(), true));
    // The planner reads erp but may not write the agent's memories.
    sqlx::query("SELECT count(*) FROM erp.tasks")
        .execute(&mut conn)
        .await
        .unwrap();
    let denied = sqlx::query("DELETE FROM agent.memory_entries")
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert_eq!(
        denied.as_database_error().and_then(|e| e.code()).as_deref(),
        Some("42501"),
        "{denied}"
    );
    conn.close().await.unwrap();

    let mut conn = PgConnection::connect(anon.url()).await.unwrap();
    assert!(
        sqlx::query("SELECT 1 FROM erp.tasks")
            .execute(&mut conn)
            .await
            .is_err()
    );
    conn.close().await.unwrap();

    let name = planner.name().to_owned();
    drop(planner);
    let left: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
            .bind(&name)
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert!(!left, "{name} outlived its handle");
}
