//! What errors mean to a service: status codes, the stable JSON body, and which are worth retrying.

use erp_model::{EngagementInsertForm, OrganizationId, OrganizationInsertForm};
use erp_repo::erp::{Engagements, Organizations};
use erp_repo::{Error, ErrorBody};
use erp_testkit::TestDb;
use serde_json::json;

#[tokio::test]
async fn foreign_keys_say_whether_the_parent_is_missing_or_still_referenced() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let missing = Engagements::insert(
        pool,
        &EngagementInsertForm {
            client_org_id: Some(OrganizationId(999_999)),
            ..EngagementInsertForm::new("ghost client")
        },
    )
    .await
    .unwrap_err();
    assert_eq!(missing.status_code(), 422, "{missing}");
    assert_eq!(
        serde_json::to_value(&missing).unwrap(),
        json!({
            "code": "missing_reference",
            "message": missing.to_string(),
            "table": "erp.engagements",
            "column": "client_org_id",
            "constraint": "engagements_client_org_id_fkey",
            "retryable": false,
        })
    );

    let org = Organizations::insert(pool, &OrganizationInsertForm::new("Acme"))
        .await
        .unwrap();
    Engagements::insert(
        pool,
        &EngagementInsertForm {
            client_org_id: Some(org.id),
            ..EngagementInsertForm::new("retainer")
        },
    )
    .await
    .unwrap();
    let referenced = Organizations::delete(pool, org.id).await.unwrap_err();
    assert!(
        matches!(&referenced, Error::ForeignKeyViolation { parent_missing: false, column: Some(c), .. } if c == "client_org_id"),
        "{referenced:?}"
    );
    assert_eq!(referenced.status_code(), 409);
    assert_eq!(referenced.code(), "still_referenced");
    assert!(!referenced.is_retryable());
}

#[tokio::test]
async fn every_kind_of_error_has_a_status_and_a_body_that_reads_back() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let not_found = Organizations::get(pool, OrganizationId(42))
        .await
        .unwrap_err();
    let invalid = Organizations::insert(pool, &OrganizationInsertForm::new("nul\0"))
        .await
        .unwrap_err();
    let unique = {
        let form = erp_model::PersonInsertForm {
            email: Some("a@example.com".into()),
            ..erp_model::PersonInsertForm::new("A")
        };
        erp_repo::erp::People::insert(pool, &form).await.unwrap();
        erp_repo::erp::People::insert(pool, &form)
            .await
            .unwrap_err()
    };
    let serialization = Error::from(
        sqlx::query("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$")
            .execute(pool)
            .await
            .unwrap_err(),
    );
    for (err, status, code, retryable) in [
        (&not_found, 404, "not_found", false),
        (&invalid, 400, "invalid_input", false),
        (&unique, 409, "unique_violation", false),
        (&serialization, 409, "conflict_retry", true),
    ] {
        assert_eq!(
            (err.status_code(), err.code(), err.is_retryable()),
            (status, code, retryable),
            "{err}"
        );
        let body: ErrorBody = serde_json::from_value(serde_json::to_value(err).unwrap()).unwrap();
        assert_eq!(body, err.body());
    }
    assert_eq!(unique.body().table.as_deref(), Some("erp.people"));
    assert_eq!(invalid.body().field.as_deref(), Some("name"));
}
