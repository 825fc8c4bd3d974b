//! Hostile and wrong input: each gives a typed error naming the column or constraint, and nothing is written.

use erp_model::{TaskInsertForm, TaskStatus};
use erp_repo::erp::{TaskFilter, Tasks};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use proptest::prelude::*;
use sqlx::PgPool;

/// Every label CHECK of both schemas: (table, column, allowed labels), read from the live catalog.
async fn label_checks(pool: &PgPool) -> Vec<(String, String, String, Vec<String>)> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT n.nspname::text, t.relname::text, c.conname::text, pg_get_constraintdef(c.oid)
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE c.contype = 'c' AND n.nspname IN ('erp', 'agent') AND pg_get_constraintdef(c.oid) LIKE '%ANY (ARRAY[%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(schema, table, conname, def)| {
            let column = conname
                .strip_prefix(&format!("{table}_"))
                .unwrap()
                .strip_suffix("_check")
                .unwrap()
                .to_owned();
            let labels = def
                .split('\'')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect();
            (schema, table, column, labels)
        })
        .collect()
}

/// Placeholder values for the NOT NULL columns without a default, so only the label can fail.
async fn required_columns(pool: &PgPool, schema: &str, table: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = $2 AND is_nullable = 'NO' AND column_default IS NULL
           AND is_identity = 'NO' AND is_generated = 'NEVER'",
    )
    .bind(schema)
    .bind(table)
    .fetch_all(pool)
    .await
    .unwrap()
}

fn placeholder(data_type: &str) -> &'static str {
    match data_type {
        "bigint" | "integer" | "numeric" | "smallint" | "double precision" => "1",
        "bytea" => "'\\x00'::bytea",
        "jsonb" => "'{}'::jsonb",
        "timestamp with time zone" => "now()",
        "date" => "current_date",
        "boolean" => "true",
        _ => "'x'",
    }
}

#[tokio::test]
async fn every_label_column_rejects_wrong_spellings_naming_the_column() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let checks = label_checks(pool).await;
    assert!(
        checks.len() >= 40,
        "expected every label set, found {}",
        checks.len()
    );
    let valid = |s: &str, t: &str, c: &str| {
        checks
            .iter()
            .find(|(cs, ct, cc, _)| cs == s && ct == t && cc == c)
            .map(|(_, _, _, l)| format!("'{}'", l[0]))
    };
    for (schema, table, column, labels) in &checks {
        let label = &labels[0];
        let wrong = [
            label.to_lowercase(),
            label.to_uppercase(),
            format!("{label} "),
            String::new(),
            format!("{label}'; --"),
        ];
        for bad in wrong.iter().filter(|w| !labels.contains(w)) {
            let mut cols = vec![column.clone()];
            let mut vals = vec!["$1".to_owned()];
            for (c, ty) in required_columns(pool, schema, table).await {
                if &c != column {
                    // Other label columns get a valid label, so only the one under test can fail.
                    // Dates make one Monday-to-Sunday week, which sprints require; currencies are
                    // ISO codes.
                    let value = match (ty.as_str(), c.ends_with("end_date")) {
                        _ if c == "currency" => "'EUR'".to_owned(),
                        ("date", true) => "DATE '2025-12-07'".to_owned(),
                        ("date", false) => "DATE '2025-12-01'".to_owned(),
                        _ => {
                            valid(schema, table, &c).unwrap_or_else(|| placeholder(&ty).to_owned())
                        }
                    };
                    vals.push(value);
                    cols.push(c);
                }
            }
            let sql = format!(
                "INSERT INTO {schema}.{table} ({}) VALUES ({})",
                cols.join(", "),
                vals.join(", ")
            );
            let err: Error = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(bad)
                .execute(pool)
                .await
                .unwrap_err()
                .into();
            match &err {
                Error::CheckViolation {
                    column: Some(c), ..
                } => assert_eq!(c, column, "{schema}.{table}: {err}"),
                other => panic!(
                    "{schema}.{table}.{column} = {bad:?}: expected a check violation, got {other}"
                ),
            }
        }
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM {schema}.{table}"
        )))
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(n, 0, "{schema}.{table}: nothing written");
    }
}

#[tokio::test]
async fn hostile_strings_are_stored_and_searched_verbatim() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let nasty = [
        "O'Brien's \"quote\"",
        "a; DROP TABLE erp.tasks; --",
        "back\\slash \\x00 %_ wildcard",
        "emoji 🚀 ünïcödé",
        "$1 $2 ?",
    ];
    for s in nasty {
        let task = Tasks::insert(pool, &TaskInsertForm::new(s)).await.unwrap();
        assert_eq!(task.title, s);
        let found = Tasks::page(
            pool,
            &TaskFilter {
                title_contains: Some(s.to_owned()),
                ..Default::default()
            },
            &PageRequest::default(),
        )
        .await
        .unwrap();
        assert_eq!(
            found
                .items
                .iter()
                .map(|t| t.title.as_str())
                .collect::<Vec<_>>(),
            [s],
            "search for {s:?}"
        );
    }
    // A wildcard on its own matches literally, not everything.
    let found = Tasks::page(
        pool,
        &TaskFilter {
            title_contains: Some("%".into()),
            ..Default::default()
        },
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(found.items.len(), 1);
    let err = Tasks::page(
        pool,
        &TaskFilter {
            title_contains: Some("nul\0".into()),
            ..Default::default()
        },
        &PageRequest::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "title"),
        "{err}"
    );
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM erp.tasks")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(n, nasty.len() as i64);
}

proptest! {
    #[test]
    fn label_parsing_never_panics(s in ".*") {
        match s.parse::<TaskStatus>() {
            Ok(status) => prop_assert_eq!(status.label(), s.as_str()),
            Err(e) => prop_assert!(e.to_string().contains("Not Started")),
        }
    }

    #[test]
    fn filter_text_is_always_bound(s in "[^\u{0}]{1,40}") {
        // The SQL text is the same whatever the search text: the input is only ever a bound value.
        let (sql, values) = task_search_sql(&s);
        let (reference, _) = task_search_sql("x");
        prop_assert_eq!(sql, reference);
        // The search text and the page's LIMIT.
        prop_assert_eq!(values.0.len(), 2);
    }
}

fn task_search_sql(text: &str) -> (String, sea_query::Values) {
    let filter = TaskFilter {
        title_contains: Some(text.to_owned()),
        ..Default::default()
    };
    Tasks::list_sql(&filter, SortOrder::default(), &PageRequest::default()).unwrap()
}

/// No date makes `Sprints::ensure_for` panic: weeks at the ends of chrono's range, and dates PostgreSQL
/// cannot store, are `InvalidInput`.
#[tokio::test]
async fn ensure_for_at_the_ends_of_the_date_range_is_invalid_input_not_a_panic() {
    let db = TestDb::new().await.unwrap();
    for date in [
        chrono::NaiveDate::MIN,
        chrono::NaiveDate::MAX,
        chrono::NaiveDate::from_ymd_opt(-4714, 11, 23).unwrap(),
    ] {
        let result = erp_repo::erp::Sprints::ensure_for(db.pool(), date).await;
        assert!(
            matches!(result, Err(Error::InvalidInput { .. })),
            "{date}: {result:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Over chrono's whole date range, ensure_for returns a sprint containing the date or InvalidInput.
    #[test]
    fn ensure_for_never_panics(
        days in chrono::Datelike::num_days_from_ce(&chrono::NaiveDate::MIN)
            ..=chrono::Datelike::num_days_from_ce(&chrono::NaiveDate::MAX)
    ) {
        let date = chrono::NaiveDate::from_num_days_from_ce_opt(days).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let outcome = runtime.block_on(async {
            let db = TestDb::new().await.unwrap();
            erp_repo::erp::Sprints::ensure_for(db.pool(), date).await
        });
        match outcome {
            Ok(sprint) => prop_assert!(sprint.start_date <= date && date <= sprint.end_date),
            Err(Error::InvalidInput { .. }) => {}
            Err(other) => prop_assert!(false, "{date}: {other:?}"),
        }
    }
}
