//! The import plan: each Coda table's home, which Coda column feeds which PostgreSQL column, and the
//! order tables are loaded in (referenced tables first).

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::{PgType, TargetColumn, TargetTable};
use crate::doc::{PulledDoc, PulledTable};
use crate::mapping::{Mapping, TableKind, TableMapping, normalise};
use crate::report::Problem;

/// Columns the import never writes: the row's own identity and bookkeeping.
const NEVER_WRITTEN: &[&str] = &["id", "global_id", "updated_at"];

/// One Coda column and the PostgreSQL column it feeds.
#[derive(Debug, Clone)]
pub(crate) struct ColumnPlan {
    pub(crate) coda_id: String,
    pub(crate) coda_name: String,
    pub(crate) target: TargetColumn,
    /// Where the currency of a money cell goes (`<column>_currency` or `currency`), if the table has it.
    pub(crate) currency_column: Option<TargetColumn>,
}

/// One Coda table and how it is imported.
#[derive(Debug, Clone)]
pub(crate) struct TablePlan<'a> {
    pub(crate) pulled: &'a PulledTable,
    pub(crate) mapping: Option<&'a TableMapping>,
    pub(crate) kind: TableKind,
    /// The existing target (table or view); `None` means archive only.
    pub(crate) target: Option<TargetTable>,
    pub(crate) columns: Vec<ColumnPlan>,
    pub(crate) unmapped: Vec<String>,
    pub(crate) notes: Vec<String>,
}

impl TablePlan<'_> {
    /// `Tasks (grid-YYWnWyA2ek)`, for messages.
    pub(crate) fn label(&self) -> String {
        format!("{} ({})", self.pulled.table.name, self.pulled.table.id)
    }

    /// The target's name when rows become target rows.
    pub(crate) fn writes_to(&self) -> Option<&str> {
        match (&self.target, self.kind) {
            (Some(t), TableKind::Table) => Some(&t.name),
            _ => None,
        }
    }

    /// The target's name as recorded in coda.rows (views included).
    pub(crate) fn archive_target(&self) -> Option<String> {
        match self.kind {
            TableKind::Archive => None,
            _ => self
                .target
                .as_ref()
                .map(|t| t.name.clone())
                .or_else(|| self.mapping.and_then(|m| m.target.clone())),
        }
    }
}

/// The schema-qualified targets the mapping names for the doc's tables.
pub(crate) fn wanted_targets(doc: &PulledDoc, mapping: &Mapping) -> Vec<String> {
    let mut out: BTreeSet<String> = doc
        .tables
        .iter()
        .filter_map(|t| mapping.table(&t.table.id, &t.table.name))
        .filter(|m| m.kind() != TableKind::Archive)
        .filter_map(|m| m.target.clone())
        .collect();
    out.insert("erp.people".into());
    out.into_iter().collect()
}

/// Builds every table's plan; configuration problems (a mapping entry naming a column the target does
/// not have, two Coda columns feeding one column) are returned as problems.
pub(crate) fn build<'a>(
    doc: &'a PulledDoc,
    mapping: &'a Mapping,
    catalog: &BTreeMap<String, TargetTable>,
    problems: &mut Vec<Problem>,
) -> Vec<TablePlan<'a>> {
    doc.tables
        .iter()
        .map(|pulled| table_plan(pulled, mapping, catalog, problems))
        .collect()
}

fn table_plan<'a>(
    pulled: &'a PulledTable,
    mapping: &'a Mapping,
    catalog: &BTreeMap<String, TargetTable>,
    problems: &mut Vec<Problem>,
) -> TablePlan<'a> {
    let entry = mapping.table(&pulled.table.id, &pulled.table.name);
    let mut plan = TablePlan {
        pulled,
        mapping: entry,
        kind: entry.map(TableMapping::kind).unwrap_or(TableKind::Archive),
        target: None,
        columns: Vec::new(),
        unmapped: Vec::new(),
        notes: Vec::new(),
    };
    let label = plan.label();
    let problem = |column: &str, reason: String| Problem {
        table: label.clone(),
        row_id: String::new(),
        column: column.to_owned(),
        value: String::new(),
        reason,
    };
    let Some(entry) = entry else {
        plan.notes.push("not in the mapping: archived only".into());
        plan.unmapped = pulled.columns.iter().map(|c| c.name.clone()).collect();
        return plan;
    };
    if plan.kind == TableKind::Archive {
        return plan;
    }
    let Some(target_name) = entry.target.as_deref() else {
        problems.push(problem("", "the mapping gives no target".into()));
        return plan;
    };
    let Some(target) = catalog.get(target_name) else {
        plan.notes.push(format!(
            "{target_name} does not exist in this database: rows archived only until it does"
        ));
        plan.unmapped = pulled.columns.iter().map(|c| c.name.clone()).collect();
        return plan;
    };
    match (plan.kind, target.is_view) {
        (TableKind::Table, true) => {
            problems.push(problem("", format!("{target_name} is a view, not a table")))
        }
        (TableKind::View, false) => {
            problems.push(problem("", format!("{target_name} is a table, not a view")))
        }
        _ => {}
    }
    plan.target = Some(target.clone());
    if plan.kind == TableKind::View {
        return plan;
    }

    let fill_relations: BTreeSet<String> =
        entry.fill.iter().map(|f| normalise(&f.relation)).collect();
    let writable: Vec<&TargetColumn> = target
        .columns
        .iter()
        .filter(|c| !c.generated && !NEVER_WRITTEN.contains(&c.name.as_str()))
        .collect();
    let mut fed: BTreeMap<String, String> = BTreeMap::new();
    for column in &pulled.columns {
        let chosen: Option<&TargetColumn> = match entry.column_entry(&column.name) {
            Some(None) => continue,
            Some(Some(name)) => match writable.iter().find(|c| c.name == name) {
                Some(c) => Some(*c),
                None => {
                    problems.push(problem(
                        &column.name,
                        format!("the mapping sends it to {target_name}.{name}, which is not a writable column"),
                    ));
                    continue;
                }
            },
            None => {
                let n = normalise(&column.name);
                let with_id = format!("{n}id");
                let matches: Vec<&&TargetColumn> = writable
                    .iter()
                    .filter(|c| {
                        let cn = normalise(&c.name);
                        cn == n || (cn == with_id && c.references.is_some())
                    })
                    .collect();
                match matches.as_slice() {
                    [one] => Some(**one),
                    _ => None,
                }
            }
        };
        let Some(target_column) = chosen else {
            if !fill_relations.contains(&normalise(&column.name)) {
                plan.unmapped.push(column.name.clone());
            }
            continue;
        };
        if let Some(other) = fed.insert(target_column.name.clone(), column.name.clone()) {
            problems.push(problem(
                &column.name,
                format!(
                    "both {other:?} and {:?} map to {target_name}.{}",
                    column.name, target_column.name
                ),
            ));
            continue;
        }
        let currency_column = (target_column.pg_type == PgType::Numeric)
            .then(|| {
                [
                    format!("{}_currency", target_column.name),
                    "currency".to_owned(),
                ]
                .into_iter()
                .find_map(|n| {
                    writable
                        .iter()
                        .find(|c| c.name == n && c.pg_type == PgType::Text)
                })
                .map(|c| (*c).clone())
            })
            .flatten();
        plan.columns.push(ColumnPlan {
            coda_id: column.id.clone(),
            coda_name: column.name.clone(),
            target: target_column.clone(),
            currency_column,
        });
    }
    // A currency column fed by a Coda column of its own is not also filled from money cells.
    let fed_names: BTreeSet<String> = plan.columns.iter().map(|c| c.target.name.clone()).collect();
    for c in &mut plan.columns {
        if c.currency_column
            .as_ref()
            .is_some_and(|cc| fed_names.contains(&cc.name))
        {
            c.currency_column = None;
        }
    }
    for rule in &entry.fill {
        if target.column(&rule.column).is_none() {
            problems.push(problem(
                &rule.relation,
                format!(
                    "fill rule targets {target_name}.{}, which does not exist",
                    rule.column
                ),
            ));
        }
    }
    plan
}

/// Plan indexes in load order: a table after the tables its foreign keys reference; a cycle is broken
/// at the first remaining table in doc order (its references into the cycle are set in a second pass).
pub(crate) fn load_order(plans: &[TablePlan<'_>]) -> Vec<usize> {
    let target_of: Vec<Option<&str>> = plans.iter().map(|p| p.writes_to()).collect();
    let deps: Vec<BTreeSet<usize>> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            p.columns
                .iter()
                .filter_map(|c| c.target.references.as_deref())
                .flat_map(|r| {
                    target_of
                        .iter()
                        .enumerate()
                        .filter(move |(j, t)| *j != i && **t == Some(r))
                        .map(|(j, _)| j)
                })
                .collect()
        })
        .collect();
    let mut done = vec![false; plans.len()];
    let mut order = Vec::with_capacity(plans.len());
    while order.len() < plans.len() {
        let next = (0..plans.len())
            .find(|&i| !done[i] && deps[i].iter().all(|&d| done[d]))
            .or_else(|| (0..plans.len()).find(|&i| !done[i]));
        let Some(i) = next else { break };
        done[i] = true;
        order.push(i);
    }
    order
}
