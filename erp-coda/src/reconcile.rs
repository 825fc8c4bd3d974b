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
    mapping: &Mapping,
) -> Result<Vec<(usize, Vec<SumCheck>)>, sqlx::Error> {
    let mut out = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let Some(target) = plan.writes_to() else {
            continue;
        };
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
        for cp in plan
            .columns
            .iter()
            .filter(|c| c.target.pg_type == PgType::Numeric)
        {
            // Money (a currency column in Coda, or MonetaryAmount cells) is summed per currency.
            let is_money = plan
                .pulled
                .column(&cp.coda_id)
                .is_some_and(|c| c.format_type() == "currency")
                || plan.pulled.rows.iter().any(|r| {
                    r.values
                        .get(&cp.coda_id)
                        .is_some_and(|v| money_of(v).is_some())
                });
            let currency_column = cp.currency_column.as_ref().filter(|_| is_money);
            let mut coda: BTreeMap<Option<String>, Decimal> = BTreeMap::new();
            for row in &plan.pulled.rows {
                let Some(raw) = row.values.get(&cp.coda_id).filter(|v| !is_empty(v)) else {
                    continue;
                };
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
                // As the import stores it: no currency of its own means the column's, else the default.
                let coda_column = plan.pulled.column(&cp.coda_id);
                let money_column = coda_column.is_some_and(|c| c.format_type() == "currency");
                let key = match (currency_column, currency) {
                    (None, _) => None,
                    (Some(_), Some(cur)) => Some(cur),
                    (Some(_), None) if money_column => Some(
                        coda_column
                            .and_then(|c| c.format.get("currencyCode").and_then(Value::as_str))
                            .unwrap_or(mapping.default_currency())
                            .to_uppercase(),
                    ),
                    (Some(_), None) => None,
                };
                let sum = coda.entry(key).or_default();
                *sum = sum.saturating_add(amount);
            }
            let (schema, table) = target.split_once('.').unwrap_or(("public", target));
            let mut select = Query::select();
            match currency_column {
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
            let pg: Vec<(Option<String>, Option<Decimal>)> =
                sqlx::query_as_with(AssertSqlSafe(sql), values)
                    .fetch_all(&mut *conn)
                    .await?;
            let mut postgres: BTreeMap<Option<String>, Decimal> = BTreeMap::new();
            for (cur, sum) in pg {
                let total = postgres.entry(cur).or_default();
                *total = total.saturating_add(sum.unwrap_or_default());
            }
            let mut keys: Vec<Option<String>> =
                coda.keys().chain(postgres.keys()).cloned().collect();
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
    let Some(view) = &plan.target else {
        return Ok(Vec::new());
    };
    let label = plan.label();
    let config_problem = |reason: String| Problem {
        table: label.clone(),
        row_id: String::new(),
        column: String::new(),
        value: String::new(),
        reason,
    };
    let keys = plan.mapping.map(|m| m.key.as_slice()).unwrap_or_default();
    if keys.is_empty() {
        problems.push(config_problem(format!(
            "no key to match rows with {}",
            view.name
        )));
        return Ok(Vec::new());
    }
    let mut key_columns = Vec::new();
    for key in keys {
        match (
            plan.pulled.column_named(&key.coda),
            view.column(&key.column),
        ) {
            (Some(c), Some(v)) => key_columns.push((c, v)),
            _ => {
                problems.push(config_problem(format!(
                    "the key {:?} = {}.{} names a column that does not exist",
                    key.coda, view.name, key.column
                )));
                return Ok(Vec::new());
            }
        }
    }
    // The Coda columns compared: explicit entries, else the same normalised name (or + _id).
    let compared: Vec<(&crate::doc::CodaColumn, &crate::catalog::TargetColumn)> = plan
        .pulled
        .columns
        .iter()
        .filter(|c| key_columns.iter().all(|(k, _)| k.id != c.id))
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
    'rows: for row in &plan.pulled.rows {
        let shown: Vec<String> = key_columns
            .iter()
            .map(|(c, _)| row.values.get(&c.id).map(text_of).unwrap_or_default())
            .filter(|s| !s.is_empty())
            .collect();
        let shown = shown.join(" / ");
        let mut conditions = Vec::new();
        for (coda_key, view_key) in &key_columns {
            let raw_key = row.values.get(&coda_key.id).unwrap_or(&Value::Null);
            let col = Expr::col(Alias::new(&view_key.name));
            if is_empty(raw_key) {
                conditions.push(col.is_null());
                continue;
            }
            let lookup = |coda: &str, allowed: &[String]| {
                mapping
                    .label(plan.mapping, &view_key.name, coda, allowed)
                    .map(str::to_owned)
            };
            let coerced = match crate::value::row_ref(raw_key) {
                Some(r) => Ok(Cell::Ref(r)),
                None => coerce(raw_key, view_key, &lookup).map(|c| c.cell),
            };
            let value: sea_query::Value = match coerced {
                Ok(Cell::Ref(r)) => match ids.get(&r) {
                    Some(id) => (*id).into(),
                    None => {
                        out.push(missing(
                            row,
                            &shown,
                            "its key refers to a row that was not imported",
                        ));
                        continue 'rows;
                    }
                },
                Ok(Cell::Date(d)) => d.into(),
                Ok(Cell::Text(s)) => s.into(),
                Ok(Cell::Int(i)) => i.into(),
                Ok(Cell::Numeric(d)) => d.into(),
                Ok(Cell::Timestamptz(t)) => t.into(),
                Ok(_) => {
                    out.push(missing(row, &shown, "its key cannot be compared"));
                    continue 'rows;
                }
                Err(reason) => {
                    out.push(missing(row, &shown, &reason));
                    continue 'rows;
                }
            };
            conditions.push(col.eq(Expr::val(value)));
        }
        let mut select = Query::select();
        for (_, vc) in &compared {
            select.expr(Expr::col(Alias::new(&vc.name)).cast_as(Alias::new("text")));
        }
        if compared.is_empty() {
            select.expr(Expr::val(1).cast_as(Alias::new("text")));
        }
        select
            .from((Alias::new(schema), Alias::new(table)))
            .limit(1);
        for c in conditions {
            select.and_where(c);
        }
        let (sql, values) = select.build_sqlx(PostgresQueryBuilder);
        let found: Option<sqlx::postgres::PgRow> = sqlx::query_with(AssertSqlSafe(sql), values)
            .fetch_optional(&mut *conn)
            .await?;
        let Some(found) = found else {
            out.push(missing(row, &shown, "no row in the view"));
            continue;
        };
        for (n, (cc, _vc)) in compared.iter().enumerate() {
            use sqlx::Row;
            let theirs: Option<String> = found.try_get(n)?;
            let ours = row.values.get(&cc.id).unwrap_or(&Value::Null);
            if !same_figure(ours, theirs.as_deref()) {
                out.push(Difference {
                    row_id: row.id.clone(),
                    key: shown.clone(),
                    column: cc.name.clone(),
                    coda: if is_empty(ours) {
                        "(empty)".into()
                    } else {
                        text_of(ours)
                    },
                    postgres: theirs.unwrap_or_else(|| "(null)".into()),
                });
            }
        }
    }
    Ok(out)
}

fn missing(row: &crate::doc::CodaRow, key: &str, why: &str) -> Difference {
    Difference {
        row_id: row.id.clone(),
        key: key.to_owned(),
        column: "*".into(),
        coda: "row".into(),
        postgres: why.to_owned(),
    }
}

/// Numbers compare to the cent; anything else as trimmed text; empty equals NULL.
fn same_figure(coda: &Value, postgres: Option<&str>) -> bool {
    let Some(theirs) = postgres else {
        return is_empty(coda);
    };
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
