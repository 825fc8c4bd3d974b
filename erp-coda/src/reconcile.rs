//! The checks after the load: money and hours sums in Coda beside PostgreSQL, and Coda's computed
//! tables (Finance Snapshot, Template Performance) beside the views that replace them.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use sea_query::{Alias, Expr, ExprTrait, Func, PostgresQueryBuilder, Query};
use sea_query_sqlx::SqlxBinder;
use serde_json::Value;
use sqlx::{AssertSqlSafe, PgConnection};

use crate::catalog::PgType;
use crate::mapping::{Mapping, normalise};
use crate::plan::TablePlan;
use crate::report::{Difference, Problem, SumCheck};
use crate::value::{Cell, RowRef, coerce, duration_hours, is_empty, money_of, number_of, text_of};

/// Per plan index: every numeric column's sum in Coda and in PostgreSQL (per currency for money).
pub(crate) async fn sums(
    conn: &mut PgConnection,
    plans: &[TablePlan<'_>],
    ids: &HashMap<RowRef, i64>,
) -> Result<Vec<(usize, Vec<SumCheck>)>, sqlx::Error> {
    let mut out = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let Some(target) = plan.writes_to() else { continue };
        let row_ids: Vec<i64> = plan
            .pulled
            .rows
            .iter()
            .filter_map(|r| {
                ids.get(&RowRef {
                    table_id: plan.pulled.table.id.clone(),
                    row_id: r.id.clone(),
                })
                .copied()
            })
            .collect();
        let mut checks = Vec::new();
        for cp in plan.columns.iter().filter(|c| c.target.pg_type == PgType::Numeric) {
            let mut coda: BTreeMap<Option<String>, Decimal> = BTreeMap::new();
            for row in &plan.pulled.rows {
                let Some(raw) = row.values.get(&cp.coda_id).filter(|v| !is_empty(v)) else { continue };
                let raw = match raw {
                    Value::Array(a) if a.len() == 1 => &a[0],
                    v => v,
                };
                let (amount, currency) = match money_of(raw) {
                    Some((a, c)) => (a, c),
                    None => match number_of(raw).or_else(|| duration_hours(raw)) {
                        Some(a) => (a, None),
                        None => continue,
                    },
                };
                let key = cp.currency_column.as_ref().and(currency);
                *coda.entry(key).or_default() += amount;
            }
            let (schema, table) = target.split_once('.').unwrap_or(("public", target));
            let mut select = Query::select();
            match &cp.currency_column {
                Some(cc) => select.expr(Expr::col(Alias::new(&cc.name))),
                None => select.expr(Expr::val(sea_query::Value::String(None))),
            };
            select
                .expr(Func::sum(Expr::col(Alias::new(&cp.target.name))))
                .from((Alias::new(schema), Alias::new(table)))
                .and_where(Expr::cust_with_values("id = ANY($1)", [row_ids.clone()]))
                .and_where(Expr::col(Alias::new(&cp.target.name)).is_not_null())
                .group_by_col(Alias::new("1"));
            // GROUP BY the first output column (the currency, or the constant NULL).
            let (sql, values) = select.build_sqlx(PostgresQueryBuilder);
            let sql = sql.replace("GROUP BY \"1\"", "GROUP BY 1");
            let pg: Vec<(Option<String>, Option<Decimal>)> = sqlx::query_as_with(AssertSqlSafe(sql), values)
                .fetch_all(&mut *conn)
                .await?;
            let mut postgres: BTreeMap<Option<String>, Decimal> = BTreeMap::new();
            for (cur, sum) in pg {
                *postgres.entry(cur).or_default() += sum.unwrap_or_default();
            }
            let mut keys: Vec<Option<String>> = coda.keys().chain(postgres.keys()).cloned().collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                checks.push(SumCheck {
                    column: cp.coda_name.clone(),
                    target_column: cp.target.name.clone(),
                    currency: key.clone(),
                    coda: coda.get(&key).copied().unwrap_or_default().normalize(),
                    postgres: postgres.get(&key).copied().unwrap_or_default().normalize(),
                });
            }
        }
        out.push((i, checks));
    }
    Ok(out)
}

/// Coda's figures of a computed table beside its view's, for the same key; every difference.
pub(crate) async fn view(
    conn: &mut PgConnection,
    plan: &TablePlan<'_>,
    mapping: &Mapping,
    ids: &HashMap<RowRef, i64>,
    problems: &mut Vec<Problem>,
) -> Result<Vec<Difference>, sqlx::Error> {
    let Some(view) = &plan.target else { return Ok(Vec::new()) };
    let label = plan.label();
    let config_problem = |reason: String| Problem {
        table: label.clone(),
        row_id: String::new(),
        column: String::new(),
        value: String::new(),
        reason,
    };
    let Some(key) = plan.mapping.and_then(|m| m.key.as_ref()) else {
        problems.push(config_problem(format!("no key to match rows with {}", view.name)));
        return Ok(Vec::new());
    };
    let (Some(coda_key), Some(view_key)) = (plan.pulled.column_named(&key.coda), view.column(&key.column)) else {
        problems.push(config_problem(format!(
            "the key {:?} = {}.{} names a column that does not exist",
            key.coda, view.name, key.column
        )));
        return Ok(Vec::new());
    };
    // The Coda columns compared: explicit entries, else the same normalised name (or + _id).
    let compared: Vec<(&crate::doc::CodaColumn, &crate::catalog::TargetColumn)> = plan
        .pulled
        .columns
        .iter()
        .filter(|c| c.id != coda_key.id)
        .filter_map(|c| {
            let name = match plan.mapping.and_then(|m| m.column_entry(&c.name)) {
                Some(Some(n)) => n.to_owned(),
                Some(None) => return None,
                None => view
                    .columns
                    .iter()
                    .find(|v| normalise(&v.name) == normalise(&c.name))?
                    .name
                    .clone(),
            };
            Some((c, view.column(&name)?))
        })
        .collect();
    let (schema, table) = view.schema_and_name();
    let mut out = Vec::new();
    for row in &plan.pulled.rows {
        let raw_key = row.values.get(&coda_key.id).unwrap_or(&Value::Null);
        let key_value = match coerce(raw_key, view_key, &|coda, allowed| {
            mapping.label(plan.mapping, &view_key.name, coda, allowed).map(str::to_owned)
        }) {
            Ok(c) => match c.cell {
                Cell::Ref(r) => match ids.get(&r) {
                    Some(id) => sea_query::Value::BigInt(Some(*id)),
                    None => {
                        out.push(missing(row, raw_key, "key refers to a row that was not imported"));
                        continue;
                    }
                },
                Cell::Date(d) => d.into(),
                Cell::Text(s) => s.into(),
                Cell::Int(i) => i.into(),
                Cell::Numeric(d) => d.into(),
                Cell::Timestamptz(t) => t.into(),
                _ => {
                    out.push(missing(row, raw_key, "key is empty"));
                    continue;
                }
            },
            Err(reason) => {
                out.push(missing(row, raw_key, &reason));
                continue;
            }
        };
        let mut select = Query::select();
        for (_, vc) in &compared {
            select.expr(Expr::col(Alias::new(&vc.name)).cast_as(Alias::new("text")));
        }
        if compared.is_empty() {
            select.expr(Expr::val(1).cast_as(Alias::new("text")));
        }
        select
            .from((Alias::new(schema), Alias::new(table)))
            .and_where(Expr::col(Alias::new(&view_key.name)).eq(Expr::val(key_value)))
            .limit(1);
        let (sql, values) = select.build_sqlx(PostgresQueryBuilder);
        let found: Option<sqlx::postgres::PgRow> = sqlx::query_with(AssertSqlSafe(sql), values)
            .fetch_optional(&mut *conn)
            .await?;
        let Some(found) = found else {
            out.push(missing(row, raw_key, "missing"));
            continue;
        };
        for (n, (cc, _vc)) in compared.iter().enumerate() {
            use sqlx::Row;
            let theirs: Option<String> = found.try_get(n)?;
            let ours = row.values.get(&cc.id).unwrap_or(&Value::Null);
            if !same_figure(ours, theirs.as_deref()) {
                out.push(Difference {
                    row_id: row.id.clone(),
                    key: text_of(raw_key),
                    column: cc.name.clone(),
                    coda: if is_empty(ours) { "(empty)".into() } else { text_of(ours) },
                    postgres: theirs.unwrap_or_else(|| "(null)".into()),
                });
            }
        }
    }
    Ok(out)
}

fn missing(row: &crate::doc::CodaRow, key: &Value, why: &str) -> Difference {
    Difference {
        row_id: row.id.clone(),
        key: text_of(key),
        column: "*".into(),
        coda: "row".into(),
        postgres: why.to_owned(),
    }
}

/// Numbers compare to the cent; anything else as trimmed text; empty equals NULL.
fn same_figure(coda: &Value, postgres: Option<&str>) -> bool {
    let Some(theirs) = postgres else { return is_empty(coda) };
    let ours = match coda {
        Value::Array(a) if a.len() == 1 => &a[0],
        v => v,
    };
    let our_number = money_of(ours).map(|(d, _)| d).or_else(|| number_of(ours));
    if let (Some(a), Ok(b)) = (our_number, theirs.trim().parse::<Decimal>()) {
        return a.round_dp(2) == b.round_dp(2);
    }
    text_of(ours).trim() == theirs.trim()
}
