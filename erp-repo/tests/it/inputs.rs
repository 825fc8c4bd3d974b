//! Input the database cannot hold is refused naming the field, before anything is written; list filters of
//! any length; JSON as deep as the reader reads, and rows written deeper by someone else still list.

use agent_model::{ClientProfileInsertForm, SessionInsertForm};
use chrono::{NaiveDate, TimeZone, Utc};
use erp_model::{KpiInsertForm, KpiMeasurementInsertForm, PersonInsertForm, TaskInsertForm};
use erp_repo::agent::{ClientProfileFilter, ClientProfiles, SessionFilter, Sessions};
use erp_repo::erp::{KpiMeasurements, Kpis, People, Tasks};
use erp_repo::{Error, PageRequest};
use erp_testkit::TestDb;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use sqlx::PgPool;

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

fn invalid_field(err: &Error) -> Option<&str> {
    match err {
        Error::InvalidInput { field, .. } => Some(field),
        _ => None,
    }
}

/// `[[[ ... {"leaf": 1} ... ]]]`, `depth` containers deep.
fn nested(depth: usize) -> Value {
    let mut v = json!({"leaf": 1});
    for _ in 1..depth {
        v = Value::Array(vec![v]);
    }
    v
}

#[tokio::test]
async fn numeric_overflow_names_the_column() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    // NUMERIC(10, 2): 10^8 does not fit; 99999999.994 rounds to 99999999.99 and does.
    let mut form = TaskInsertForm::new("too many hours");
    form.estimated_hours = Some(Decimal::new(100_000_000, 0));
    let err = Tasks::insert(pool, &form).await.unwrap_err();
    assert_eq!(invalid_field(&err), Some("estimated_hours"), "{err:?}");
    assert_eq!(err.status_code(), 400);
    form.estimated_hours = Some(Decimal::new(99_999_999_995, 3));
    let err = Tasks::insert(pool, &form).await.unwrap_err();
    assert_eq!(
        invalid_field(&err),
        Some("estimated_hours"),
        "rounds up: {err:?}"
    );
    form.estimated_hours = Some(Decimal::new(99_999_999_994, 3));
    let task = Tasks::insert(pool, &form).await.unwrap();
    assert_eq!(task.estimated_hours, Some(Decimal::new(9_999_999_999, 2)));
    assert_eq!(count(pool, "SELECT count(*) FROM erp.tasks").await, 1);

    // A KPI measurement's column is called `value`: NUMERIC(16, 4).
    let kpi = Kpis::insert(pool, &KpiInsertForm::new("mrr"))
        .await
        .unwrap();
    let too_big = KpiMeasurementInsertForm::new(
        kpi.id,
        NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        Decimal::new(1_000_000_000_000, 0),
    );
    let err = KpiMeasurements::insert(pool, &too_big).await.unwrap_err();
    assert_eq!(invalid_field(&err), Some("value"), "{err:?}");
}

#[tokio::test]
async fn dates_before_postgresql_s_first_day_name_the_field() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = TaskInsertForm::new("ancient");
    form.due_date = Some(NaiveDate::MIN);
    let err = Tasks::insert(pool, &form).await.unwrap_err();
    assert_eq!(invalid_field(&err), Some("due_date"), "{err:?}");
    // 4714-11-24 BC is PostgreSQL's first day and is stored.
    form.due_date = NaiveDate::from_ymd_opt(-4713, 11, 24);
    let task = Tasks::insert(pool, &form).await.unwrap();
    assert_eq!(task.due_date, NaiveDate::from_ymd_opt(-4713, 11, 24));

    let mut session = SessionInsertForm::new();
    session.started_at = Some(Utc.from_utc_datetime(&NaiveDate::MIN.into()));
    let err = Sessions::insert(pool, &session).await.unwrap_err();
    assert_eq!(invalid_field(&err), Some("started_at"), "{err:?}");
}

#[tokio::test]
async fn a_value_too_long_for_an_index_names_table_and_index() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    // Random letters do not compress: 4,000 bytes pass the 8 kB any index holds but not btree's third of
    // a page, which PostgreSQL reports naming table and index; 12,000 pass neither, and PostgreSQL names
    // nothing: the SDK names the table.
    let random = |n: u64| -> String {
        (0..n)
            .map(|i: u64| {
                let x = i.wrapping_mul(6_364_136_223_846_793_005).rotate_left(29) ^ (i * 7919);
                char::from(b'a' + (x % 26) as u8)
            })
            .collect()
    };
    let mut form = PersonInsertForm::new("Long Email");
    form.email = Some(random(4_000));
    let err = People::insert(pool, &form).await.unwrap_err();
    match &err {
        Error::ValueTooLarge {
            table,
            index,
            column,
        } => {
            assert_eq!(table, "erp.people");
            assert_eq!(index.as_deref(), Some("people_email_key"));
            assert_eq!(column.as_deref(), Some("email"));
        }
        other => panic!("expected ValueTooLarge, got {other:?}"),
    }
    assert_eq!(err.code(), "value_too_large");
    assert_eq!(err.status_code(), 400);
    assert_eq!(err.body().column.as_deref(), Some("email"));
    assert_eq!(err.body().constraint.as_deref(), Some("people_email_key"));

    form.email = Some(random(12_000));
    let err = People::insert(pool, &form).await.unwrap_err();
    assert!(
        matches!(&err, Error::ValueTooLarge { table, index: None, .. } if table == "erp.people"),
        "{err:?}"
    );
    assert_eq!(err.body().table.as_deref(), Some("erp.people"));
}

#[tokio::test]
async fn a_filter_of_70_000_ids_is_one_array_parameter() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    for client in ["acme", "globex", "initech"] {
        ClientProfiles::insert(pool, &ClientProfileInsertForm::new(client))
            .await
            .unwrap();
    }
    let mut ids: Vec<String> = (0..70_000).map(|i| format!("client-{i}")).collect();
    ids.push("globex".into());
    ids.push("acme".into());
    let filter = ClientProfileFilter {
        client_ids: Some(ids),
        ..Default::default()
    };
    let page = ClientProfiles::list(pool, &filter, Default::default(), &PageRequest::first(10))
        .await
        .unwrap();
    let mut found: Vec<_> = page.items.iter().map(|p| p.client_id.as_str()).collect();
    found.sort();
    assert_eq!(found, ["acme", "globex"]);
    // An empty list matches nothing, a NUL in one of the values names the field.
    let none = ClientProfileFilter {
        client_ids: Some(Vec::new()),
        ..Default::default()
    };
    let page = ClientProfiles::list(pool, &none, Default::default(), &PageRequest::first(10))
        .await
        .unwrap();
    assert!(page.items.is_empty());
    let nul = ClientProfileFilter {
        client_ids: Some(vec!["a\0b".into()]),
        ..Default::default()
    };
    let err = ClientProfiles::list(pool, &nul, Default::default(), &PageRequest::first(10))
        .await
        .unwrap_err();
    assert_eq!(invalid_field(&err), Some("client_id"), "{err:?}");
}

#[tokio::test]
async fn the_six_characters_backslash_u0000_are_text_but_a_nul_is_refused() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut form = SessionInsertForm::new();
    form.metadata = Some(json!({"note": "\\u0000", "\\u0000 key": ["C:\\u0000"]}));
    let session = Sessions::insert(pool, &form).await.unwrap();
    assert_eq!(session.metadata["note"], "\\u0000");
    assert_eq!(Sessions::get(pool, session.id).await.unwrap(), session);

    for bad in [
        json!({"note": "a\0b"}),
        json!({"a\0": 1}),
        json!([[["\0"]]]),
    ] {
        form.metadata = Some(bad);
        let err = Sessions::insert(pool, &form).await.unwrap_err();
        assert_eq!(invalid_field(&err), Some("metadata"), "{err:?}");
    }
    let mut form = TaskInsertForm::new("nul\0");
    let err = Tasks::insert(pool, &form).await.unwrap_err();
    assert_eq!(invalid_field(&err), Some("title"), "{err:?}");
    form.title = "\\u0000 is fine in text".into();
    Tasks::insert(pool, &form).await.unwrap();
    assert_eq!(count(pool, "SELECT count(*) FROM agent.sessions").await, 1);
}

#[tokio::test]
async fn json_deeper_than_the_reader_reads_is_refused_before_writing() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    // The deepest document serde_json reads is the deepest the SDK writes.
    let deepest = nested(erp_repo::MAX_JSON_DEPTH);
    assert!(serde_json::from_str::<Value>(&deepest.to_string()).is_ok());
    let too_deep = nested(erp_repo::MAX_JSON_DEPTH + 1);
    assert!(serde_json::from_str::<Value>(&too_deep.to_string()).is_err());

    let mut form = SessionInsertForm::new();
    form.metadata = Some(deepest.clone());
    let stored = Sessions::insert(pool, &form).await.unwrap();
    assert_eq!(stored.metadata, deepest);
    for depth in [erp_repo::MAX_JSON_DEPTH + 1, 200, 100_000] {
        form.metadata = Some(nested(depth));
        let err = Sessions::insert(pool, &form).await.unwrap_err();
        assert_eq!(invalid_field(&err), Some("metadata"), "{depth}: {err:?}");
        // A deep value is dropped recursively by serde_json; let it go on a thread with room for it.
        let deep = form.metadata.take();
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || drop(deep))
            .unwrap()
            .join()
            .unwrap();
    }
    assert_eq!(count(pool, "SELECT count(*) FROM agent.sessions").await, 1);
}

#[tokio::test]
async fn no_client_of_the_database_stores_json_the_reader_cannot_read() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let fine = Sessions::insert(pool, &SessionInsertForm::new())
        .await
        .unwrap();
    // Another client of the database, by hand: 200 levels is refused by the database itself, naming the
    // column; 127 levels is stored and reads back.
    let by_hand = |depth: i32| {
        sqlx::query(
            "INSERT INTO agent.sessions (metadata)
             SELECT (repeat('[', $1 - 1) || '{\"leaf\": 1}' || repeat(']', $1 - 1))::jsonb",
        )
        .bind(depth)
        .execute(pool)
    };
    let err: Error = by_hand(200).await.unwrap_err().into();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), table, .. } if c == "metadata" && table == "agent.sessions"),
        "{err:?}"
    );
    let err: Error = by_hand(128).await.unwrap_err().into();
    assert!(matches!(&err, Error::CheckViolation { .. }), "{err:?}");
    by_hand(127).await.unwrap();
    let page = Sessions::list(
        pool,
        &SessionFilter::default(),
        Default::default(),
        &PageRequest::first(10),
    )
    .await
    .unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(page.items.contains(&fine));
    let deep = page.items.iter().find(|s| s.id != fine.id).unwrap();
    assert_eq!(deep.metadata, nested(127));
    // Every JSON column of every table is guarded the same way.
    let unguarded: Vec<String> = sqlx::query_scalar(
        "SELECT c.table_schema || '.' || c.table_name || '.' || c.column_name
         FROM information_schema.columns c
         JOIN information_schema.tables t USING (table_schema, table_name)
         WHERE c.table_schema IN ('erp', 'agent') AND t.table_type = 'BASE TABLE' AND c.data_type = 'jsonb'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k
                           WHERE k.conname = c.table_name || '_' || c.column_name || '_check'
                             AND k.conrelid = (c.table_schema || '.' || c.table_name)::regclass
                             AND pg_get_constraintdef(k.oid) LIKE '%jsonb_path_exists%')",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(unguarded.is_empty(), "{unguarded:?}");
}

#[tokio::test]
async fn the_numeric_columns_the_sdk_checks_are_the_catalog_s() {
    let db = TestDb::new().await.unwrap();
    let catalog: Vec<(String, i32, i32)> = sqlx::query_as(
        "SELECT DISTINCT column_name::text, numeric_precision::int, numeric_scale::int
         FROM information_schema.columns c
         JOIN information_schema.tables t USING (table_schema, table_name)
         WHERE table_schema IN ('erp', 'agent') AND t.table_type = 'BASE TABLE'
           AND c.data_type = 'numeric' AND numeric_precision IS NOT NULL AND c.is_generated = 'NEVER'
         ORDER BY 1",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    let mut sdk: Vec<(String, i32, i32)> = erp_repo::numeric_columns()
        .iter()
        .map(|&(c, p, s)| (c.to_owned(), p as i32, s as i32))
        .collect();
    sdk.sort();
    assert_eq!(
        sdk, catalog,
        "one type per column name, and the SDK knows each"
    );
}
