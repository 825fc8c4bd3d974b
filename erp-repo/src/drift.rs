//! The drift test: every identifier, form field and sort key of the repositories against the catalog of a
//! freshly migrated database, and every table of `erp` and `agent` declared.

use std::collections::{BTreeMap, BTreeSet};

use sea_query::IdenStatic;
use sqlx::PgPool;

use crate::crud::Table;
use crate::page::SortKeys;
use crate::schema;
use crate::{SortKey, agent, erp};

/// `information_schema` columns of every relation of `erp` and `agent`: name → (column → data type).
async fn catalog(pool: &PgPool) -> BTreeMap<String, BTreeMap<String, String>> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_schema || '.' || table_name, column_name, data_type
         FROM information_schema.columns WHERE table_schema IN ('erp', 'agent')",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (table, column, ty) in rows {
        out.entry(table).or_default().insert(column, ty);
    }
    out
}

/// The catalog's spelling of the type a sort key casts its cursor to.
fn catalog_type(sql_type: &str) -> &str {
    match sql_type {
        "timestamptz" => "timestamp with time zone",
        "float8" => "double precision",
        "int" | "int4" => "integer",
        other => other,
    }
}

/// What one repository declares: (table, insert columns, update columns, sort keys).
type Declaration = (
    &'static str,
    Vec<&'static str>,
    Vec<&'static str>,
    Vec<SortKey>,
);

fn declaration<T: Table>() -> Declaration {
    (
        T::QUALIFIED,
        T::INSERT_FIELDS.iter().map(|c| c.as_str()).collect(),
        T::UPDATE_FIELDS.iter().map(|c| c.as_str()).collect(),
        T::Sort::ALL.iter().map(|k| (*k).into()).collect(),
    )
}

macro_rules! declarations {
    ($($repo:ty),* $(,)?) => { vec![$(declaration::<$repo>()),*] };
}

fn repositories() -> Vec<Declaration> {
    declarations![
        erp::People,
        erp::Organizations,
        erp::Ventures,
        erp::ServiceBlueprints,
        erp::Offers,
        erp::Workflows,
        erp::ProcessTemplates,
        erp::ResourceTemplates,
        erp::Projects,
        erp::Tasks,
        erp::Sprints,
        erp::Okrs,
        erp::Engagements,
        erp::Deliverables,
        erp::EngagementResults,
        erp::ExecutionRuns,
        erp::OutcomeTypes,
        erp::FunctionalAreas,
        erp::Topics,
        erp::IcpSegments,
        erp::Deals,
        erp::Touchpoints,
        erp::IcpScores,
        erp::Invoices,
        erp::Expenses,
        erp::Payments,
        erp::Kpis,
        erp::KpiMeasurements,
        erp::DailyThreadEntries,
        erp::Decisions,
        erp::Experiments,
        erp::Notes,
        erp::Assets,
        erp::Ideas,
        agent::ClientProfiles,
        agent::MemoryEntries,
        agent::MemoryFacts,
        agent::WorkingStates,
        agent::Episodes,
        agent::WebhookExecutions,
        agent::Sessions,
        agent::Events,
        agent::Facts,
        agent::Goals,
        agent::Reflections,
        agent::StepEvaluations,
        agent::Profiles,
        agent::Tools,
        agent::ProfileTools,
        agent::ContextRecipes,
        agent::PromptTemplates,
        agent::GraphNodes,
        agent::GraphEdges,
        agent::Artifacts,
        agent::Blocks,
        agent::BlockActions,
        agent::Plans,
        agent::SchedulerRuns,
    ]
}

#[tokio::test]
async fn identifiers_forms_and_sort_keys_match_the_catalog() {
    let db = erp_testkit::TestDb::new().await.unwrap();
    let catalog = catalog(db.pool()).await;
    let mut problems = Vec::new();

    // Every identifier enum names exactly the relation's columns, in any order.
    let declared: Vec<_> = schema::erp::declared()
        .into_iter()
        .chain(schema::agent::declared())
        .collect();
    for (table, columns) in &declared {
        let Some(live) = catalog.get(*table) else {
            problems.push(format!(
                "{table}: declared in schema/ but not in the database"
            ));
            continue;
        };
        let ours: BTreeSet<&str> = columns.iter().copied().collect();
        let theirs: BTreeSet<&str> = live.keys().map(String::as_str).collect();
        if ours != theirs {
            problems.push(format!(
                "{table}: schema/ lacks {:?}, has extra {:?}",
                theirs.difference(&ours).collect::<Vec<_>>(),
                ours.difference(&theirs).collect::<Vec<_>>()
            ));
        }
    }
    let declared_names: BTreeSet<&str> = declared.iter().map(|(t, _)| *t).collect();
    for table in catalog.keys() {
        if !declared_names.contains(table.as_str()) {
            problems.push(format!(
                "{table}: in the database but not declared in schema/"
            ));
        }
    }

    // Every form field and sort key is a column of its table, of the sort key's type.
    let repos = repositories();
    for (table, insert, update, sorts) in &repos {
        let live = &catalog[*table];
        for column in insert.iter().chain(update) {
            if !live.contains_key(*column) {
                problems.push(format!("{table}: form field {column} is not a column"));
            }
        }
        for key in sorts {
            match live.get(key.column) {
                Some(ty) if ty == catalog_type(key.sql_type) => {}
                other => problems.push(format!(
                    "{table}: sort key {} is {:?} in the database, declared {}",
                    key.column, other, key.sql_type
                )),
            }
        }
    }

    // Every base table has a repository.
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables
         WHERE table_schema IN ('erp', 'agent') AND table_type = 'BASE TABLE'",
    )
    .fetch_all(db.pool())
    .await
    .unwrap();
    let with_repo: BTreeSet<&str> = repos.iter().map(|(t, ..)| *t).collect();
    for (table,) in &tables {
        if !with_repo.contains(table.as_str()) {
            problems.push(format!("{table}: no repository"));
        }
    }
    assert!(problems.is_empty(), "drift:\n{}", problems.join("\n"));
}
