//! The schema documents (`docs/schema.md`, the relationship diagrams) rendered from a migrated database's catalog.
//!
//! [`generate`] reads the catalog and returns every document as text, sorted and free of timestamps, so the
//! same schema always yields the same bytes; [`render_svg`] turns a diagram's graphviz source into SVG with
//! the `dot` program. `erp-migrate docs --out DIR` does both; the test `docs` checks the copy in `docs/`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

use sqlx::PgPool;

use crate::Error;

/// The schemas the documents describe, in the order `docs/schema.md` lists them.
pub const DOC_SCHEMAS: &[&str] = &["erp", "agent", "coda", "erp_derived", "erp_private"];

/// The areas the diagrams group tables by: a slug (file name under `docs/erd/`), a title, and the tables
/// of the area. A table of [`DOC_SCHEMAS`] that is in no area makes [`generate`] fail, so a new table is
/// placed on the diagrams when it is added.
pub const AREAS: &[(&str, &str, &[&str])] = &[
    (
        "pattern",
        "Pattern",
        &[
            "erp.service_blueprints",
            "erp.workflows",
            "erp.process_templates",
            "erp.resource_templates",
            "erp.execution_runs",
            "erp_derived.workflow_run_stats",
        ],
    ),
    (
        "operations",
        "Operations",
        &[
            "erp.people",
            "erp.organizations",
            "erp.ventures",
            "erp.projects",
            "erp.tasks",
            "erp.sprints",
        ],
    ),
    (
        "client-and-commercial",
        "Client and commercial",
        &[
            "erp.offers",
            "erp.engagements",
            "erp.deliverables",
            "erp.results",
            "erp.deals",
            "erp_derived.deal_stage_stats",
        ],
    ),
    (
        "finance",
        "Finance",
        &[
            "erp.invoices",
            "erp.payments",
            "erp.expenses",
            "erp.kpis",
            "erp.kpi_measurements",
            "erp_derived.finance_month_stats",
        ],
    ),
    (
        "communication",
        "Communication",
        &["erp.touchpoints", "erp.icp_segments", "erp.icp_scoring"],
    ),
    (
        "knowledge",
        "Knowledge",
        &[
            "erp.daily_thread",
            "erp.decision_journal",
            "erp.experiments",
            "erp.notebook",
            "erp.assets",
            "erp.ideas_inbox",
        ],
    ),
    (
        "strategy",
        "Strategy",
        &[
            "erp.okrs",
            "erp.outcome_types",
            "erp.functional_areas",
            "erp.topics",
        ],
    ),
    (
        "agent-memory",
        "Agent memory",
        &[
            "agent.client_profiles",
            "agent.memory_entries",
            "agent.memory_facts",
            "agent.working_state",
            "agent.episodes",
            "agent.webhook_executions",
        ],
    ),
    (
        "agent-operations",
        "Agent operations",
        &[
            "agent.sessions",
            "agent.events",
            "agent.facts",
            "agent.goals",
            "agent.reflections",
            "agent.step_evaluations",
            "agent.artifacts",
        ],
    ),
    (
        "configuration",
        "Configuration",
        &[
            "agent.profiles",
            "agent.tools",
            "agent.profile_tools",
            "agent.context_recipes",
            "erp_private.client_claim_key",
        ],
    ),
    (
        "graph-and-blocks",
        "Graph and blocks",
        &[
            "agent.graph_nodes",
            "agent.graph_edges",
            "agent.blocks",
            "agent.block_actions",
        ],
    ),
    (
        "planning",
        "Planning",
        &[
            "agent.plans",
            "agent.scheduler_runs",
            "agent.prompt_templates",
        ],
    ),
    (
        "coda-archive",
        "Coda archive",
        &["coda.tables", "coda.columns", "coda.rows"],
    ),
];

/// The views, placed in the area whose tables they compute from.
const VIEW_AREAS: &[(&str, &str)] = &[
    ("erp.sprint_tasks", "operations"),
    ("erp.workflow_performance", "pattern"),
    ("erp.template_performance", "pattern"),
    ("erp.invoice_balances", "finance"),
    ("erp.finance_snapshot", "finance"),
    ("erp.deal_pipeline", "client-and-commercial"),
];

/// Background colours of the areas' clusters, in the order of [`AREAS`].
const AREA_COLOURS: &[&str] = &[
    "#e8eefc", "#e9f5e9", "#fdf0e0", "#fbe9ec", "#e6f4f6", "#f2ecf8", "#f6f4df", "#e3f0fb",
    "#ececec", "#f9ece3", "#e6f2ea", "#eeeaf6", "#f3f3f3",
];

/// What can stop [`generate`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocsError {
    /// Reading the catalog failed.
    #[error(transparent)]
    Catalog(#[from] Error),
    /// Tables or views in no area of [`AREAS`] (or views missing from the view list): add them there.
    #[error("not placed in any area of erp-migrate/src/docs.rs (AREAS): {}", relations.join(", "))]
    Undocumented {
        /// Their qualified names, sorted.
        relations: Vec<String>,
    },
}

/// One document: its path under the output directory (`/`-separated) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocFile {
    /// Where it goes, relative to the output directory, e.g. `schema.md` or `erd/finance.dot`.
    pub path: String,
    /// Its contents.
    pub contents: String,
}

/// A table or view as the documents show it.
#[derive(Debug, Default)]
struct Relation {
    name: String,
    is_view: bool,
    comment: String,
    columns: Vec<Column>,
    primary_key: Vec<String>,
    uniques: Vec<(String, Vec<String>)>,
    foreign_keys: Vec<ForeignKey>,
    checks: Vec<(String, Vec<String>, String)>,
    indexes: Vec<(String, String)>,
}

#[derive(Debug)]
struct Column {
    name: String,
    data_type: String,
    not_null: bool,
    default: String,
    comment: String,
}

#[derive(Debug, Clone)]
struct ForeignKey {
    name: String,
    table: String,
    columns: Vec<String>,
    target: String,
    target_columns: Vec<String>,
    on_delete: String,
}

/// Reads the catalog of [`DOC_SCHEMAS`] and renders every document: `schema.md`, `erd.md` (Mermaid),
/// `erd.dot` (the overview) and `erd/<area>.dot` (one per area of [`AREAS`]). Sorted and deterministic.
/// Fails with [`DocsError::Undocumented`] when a table or view is in no area.
pub async fn generate(pool: &PgPool) -> Result<Vec<DocFile>, DocsError> {
    let relations = read_catalog(pool).await?;
    let area_of = area_index(&relations)?;
    let mut files = vec![
        DocFile {
            path: "schema.md".into(),
            contents: schema_md(&relations, &area_of),
        },
        DocFile {
            path: "erd.md".into(),
            contents: erd_mermaid(&relations, &area_of),
        },
        DocFile {
            path: "erd.dot".into(),
            contents: overview_dot(&relations, &area_of),
        },
    ];
    for (slug, _, _) in AREAS {
        files.push(DocFile {
            path: format!("erd/{slug}.dot"),
            contents: area_dot(slug, &relations, &area_of),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders graphviz source to SVG with `dot -Tsvg` (Debian's `graphviz`); fails when `dot` is missing or
/// rejects the source.
pub fn render_svg(dot_source: &str) -> std::io::Result<String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(dot_source.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        return Err(std::io::Error::other(format!(
            "dot failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )));
    }
    String::from_utf8(out.stdout).map_err(std::io::Error::other)
}

/// Every table and view of [`DOC_SCHEMAS`] with its columns, keys, checks and indexes, by qualified name.
async fn read_catalog(pool: &PgPool) -> Result<BTreeMap<String, Relation>, Error> {
    let mut tx = pool.begin().await?;
    // Index definitions name their tables schema-qualified whatever the caller's search_path is.
    sqlx::query("SET LOCAL search_path = pg_catalog")
        .execute(&mut *tx)
        .await?;
    let mut relations: BTreeMap<String, Relation> = BTreeMap::new();

    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT format('%s.%s', n.nspname, c.relname), c.relkind::text,
                coalesce(obj_description(c.oid, 'pg_class'), '')
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p', 'v', 'm')",
    )
    .bind(DOC_SCHEMAS)
    .fetch_all(&mut *tx)
    .await?;
    for (name, kind, comment) in rows {
        relations.insert(
            name.clone(),
            Relation {
                name,
                is_view: kind == "v" || kind == "m",
                comment,
                ..Relation::default()
            },
        );
    }

    type ColumnRow = (String, String, String, bool, String, String);
    let rows: Vec<ColumnRow> = sqlx::query_as(
        "SELECT format('%s.%s', n.nspname, c.relname), a.attname, format_type(a.atttypid, a.atttypmod),
                a.attnotnull,
                CASE WHEN a.attidentity IN ('a', 'd') THEN 'identity'
                     WHEN a.attgenerated = 's' THEN 'generated: ' || pg_get_expr(ad.adbin, ad.adrelid)
                     ELSE coalesce(pg_get_expr(ad.adbin, ad.adrelid), '') END,
                coalesce(col_description(c.oid, a.attnum), '')
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
         WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p', 'v', 'm')
         ORDER BY 1, a.attnum",
    )
    .bind(DOC_SCHEMAS)
    .fetch_all(&mut *tx)
    .await?;
    for (table, name, data_type, not_null, default, comment) in rows {
        if let Some(r) = relations.get_mut(&table) {
            r.columns.push(Column {
                name,
                data_type,
                not_null,
                default: one_line(&default),
                comment,
            });
        }
    }

    type ConstraintRow = (
        String,
        String,
        String,
        String,
        Vec<String>,
        String,
        Vec<String>,
        String,
    );
    let rows: Vec<ConstraintRow> = sqlx::query_as(
        "SELECT format('%s.%s', n.nspname, c.relname), con.conname, con.contype::text,
                pg_get_constraintdef(con.oid),
                array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k (attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                      ORDER BY k.ord),
                coalesce(format('%s.%s', fn.nspname, f.relname), ''),
                array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k (attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                      ORDER BY k.ord),
                CASE con.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict'
                     WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default'
                     ELSE '' END
         FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_class f ON f.oid = con.confrelid
         LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
         WHERE n.nspname = ANY ($1) AND con.contype IN ('p', 'u', 'f', 'c')
         ORDER BY 1, 2",
    )
    .bind(DOC_SCHEMAS)
    .fetch_all(&mut *tx)
    .await?;
    for (table, name, kind, definition, columns, target, target_columns, on_delete) in rows {
        let Some(r) = relations.get_mut(&table) else {
            continue;
        };
        match kind.as_str() {
            "p" => r.primary_key = columns,
            "u" => r.uniques.push((name, columns)),
            "f" => r.foreign_keys.push(ForeignKey {
                name,
                table: table.clone(),
                columns,
                target,
                target_columns,
                on_delete,
            }),
            _ => r.checks.push((name, columns, one_line(&definition))),
        }
    }

    // Indexes that back no constraint (those are listed as keys).
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT format('%s.%s', n.nspname, c.relname), i.relname, pg_get_indexdef(i.oid)
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class c ON c.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ANY ($1)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.oid AND con.conrelid = c.oid)
         ORDER BY 1, 2",
    )
    .bind(DOC_SCHEMAS)
    .fetch_all(&mut *tx)
    .await?;
    for (table, name, definition) in rows {
        if let Some(r) = relations.get_mut(&table) {
            r.indexes.push((name, index_columns(&definition)));
        }
    }
    tx.rollback().await?;
    Ok(relations)
}

/// The area slug of every table and view; an error names the tables in no area.
fn area_index(
    relations: &BTreeMap<String, Relation>,
) -> Result<BTreeMap<String, &'static str>, DocsError> {
    let mut area_of = BTreeMap::new();
    for (slug, _, tables) in AREAS {
        for t in *tables {
            area_of.insert((*t).to_string(), *slug);
        }
    }
    for (view, slug) in VIEW_AREAS {
        area_of.insert((*view).to_string(), *slug);
    }
    let unplaced: Vec<String> = relations
        .keys()
        .filter(|name| !area_of.contains_key(*name))
        .cloned()
        .collect();
    if !unplaced.is_empty() {
        return Err(DocsError::Undocumented {
            relations: unplaced,
        });
    }
    area_of.retain(|name, _| relations.contains_key(name));
    Ok(area_of)
}

/// The area's title for a slug.
fn area_title(slug: &str) -> &'static str {
    AREAS
        .iter()
        .find(|(s, _, _)| *s == slug)
        .map_or("", |(_, title, _)| title)
}

/// `docs/schema.md`: per schema and table its comment, columns, keys, FKs, labels, checks and indexes.
fn schema_md(relations: &BTreeMap<String, Relation>, area_of: &BTreeMap<String, &str>) -> String {
    let mut referenced_by: BTreeMap<&str, Vec<&ForeignKey>> = BTreeMap::new();
    for r in relations.values() {
        for fk in &r.foreign_keys {
            referenced_by
                .entry(fk.target.as_str())
                .or_default()
                .push(fk);
        }
    }
    let mut md = String::new();
    md.push_str(
        "# Schema reference\n\n\
         Generated by `erp-migrate docs` from the catalog of a migrated database: every table, view and column\n\
         with its comment (the `COMMENT ON`s of the migrations), keys, foreign keys and their ON DELETE rule,\n\
         indexes and the labels each label column accepts. Do not edit: change the schema with a migration and\n\
         regenerate (`UPDATE_DOCS=1 cargo test -p erp-migrate docs`). The pictures are in [erd.md](erd.md) (Mermaid) and\n\
         [erd.svg](erd.svg), one per area under [erd/](erd/).\n\n",
    );
    md.push_str("## Areas\n\n| area | tables | views |\n|---|---|---|\n");
    for (slug, title, _) in AREAS {
        let (mut tables, mut views) = (Vec::new(), Vec::new());
        for (name, a) in area_of {
            if a == slug {
                let link = format!("[{name}](#{})", anchor(name));
                if relations[name].is_view {
                    views.push(link);
                } else {
                    tables.push(link);
                }
            }
        }
        let _ = writeln!(
            md,
            "| [{title}](erd/{slug}.svg) | {} | {} |",
            tables.join(", "),
            views.join(", ")
        );
    }
    for schema in DOC_SCHEMAS {
        let members: Vec<&Relation> = relations
            .values()
            .filter(|r| r.name.split('.').next() == Some(schema))
            .collect();
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(md, "\n## Schema `{schema}`");
        for r in members {
            let kind = if r.is_view { "view" } else { "table" };
            let _ = writeln!(md, "\n### {}\n", r.name);
            let _ = writeln!(
                md,
                "*{kind}, area [{}](erd/{}.svg)* — {}\n",
                area_title(area_of[&r.name]),
                area_of[&r.name],
                if r.comment.is_empty() {
                    "(no comment)"
                } else {
                    &r.comment
                }
            );
            md.push_str("| column | type | null | default | comment |\n|---|---|---|---|---|\n");
            for c in &r.columns {
                let default = if c.default.is_empty() {
                    String::new()
                } else {
                    format!("`{}`", cell(&c.default))
                };
                let _ = writeln!(
                    md,
                    "| `{}` | {} | {} | {} | {} |",
                    c.name,
                    cell(&c.data_type),
                    if c.not_null { "not null" } else { "null" },
                    default,
                    cell(&c.comment)
                );
            }
            md.push('\n');
            if !r.primary_key.is_empty() {
                let _ = writeln!(md, "- Primary key: {}", code_list(&r.primary_key));
            }
            for (name, cols) in &r.uniques {
                let _ = writeln!(md, "- Unique: {} (`{name}`)", code_list(cols));
            }
            for fk in &r.foreign_keys {
                let _ = writeln!(
                    md,
                    "- {} → [{}](#{}) ({}), on delete **{}** (`{}`)",
                    code_list(&fk.columns),
                    fk.target,
                    anchor(&fk.target),
                    fk.target_columns.join(", "),
                    fk.on_delete,
                    fk.name
                );
            }
            if let Some(refs) = referenced_by.get(r.name.as_str()) {
                let mut refs: Vec<String> = refs
                    .iter()
                    .map(|fk| {
                        format!(
                            "[{}](#{}).{}",
                            fk.table,
                            anchor(&fk.table),
                            fk.columns.join("+")
                        )
                    })
                    .collect();
                refs.sort();
                refs.dedup();
                let _ = writeln!(md, "- Referenced by: {}", refs.join(", "));
            }
            for (name, cols, definition) in &r.checks {
                match labels_of(definition) {
                    Some(labels) if cols.len() == 1 => {
                        let _ = writeln!(md, "- Labels of `{}`: {}", cols[0], labels.join(", "));
                    }
                    _ => {
                        let _ = writeln!(md, "- Check `{name}`: `{}`", cell(definition));
                    }
                }
            }
            for (name, columns) in &r.indexes {
                let _ = writeln!(md, "- Index `{name}`: `{}`", cell(columns));
            }
        }
    }
    md
}

/// `docs/erd.md`: the overview and one diagram per area as Mermaid `erDiagram`s.
fn erd_mermaid(relations: &BTreeMap<String, Relation>, area_of: &BTreeMap<String, &str>) -> String {
    let mut md = String::from(
        "# Relationship diagrams\n\n\
         Generated by `erp-migrate docs` from a migrated database's catalog; do not edit. The same diagrams\n\
         drawn by graphviz: [erd.svg](erd.svg) and [erd/](erd/). Columns, comments and ON DELETE rules:\n\
         [schema.md](schema.md). An arrow's crow's foot is at the referencing table; `o|` marks an optional\n\
         (nullable) reference, `||` a required one.\n\n\
         ## Overview: every table and its references\n\n```mermaid\nerDiagram\n",
    );
    for r in relations.values().filter(|r| !r.is_view) {
        for fk in &r.foreign_keys {
            let _ = writeln!(md, "    {}", mermaid_relation(r, fk));
        }
    }
    md.push_str("```\n");
    for (slug, title, _) in AREAS {
        let _ = writeln!(md, "\n## {title}\n\n```mermaid\nerDiagram");
        let members = area_tables(slug, relations, area_of);
        for r in &members {
            let _ = writeln!(md, "    {} {{", mermaid_name(&r.name));
            let fk_cols: BTreeSet<&str> = r
                .foreign_keys
                .iter()
                .flat_map(|fk| fk.columns.iter().map(String::as_str))
                .collect();
            for c in &r.columns {
                let mut keys = Vec::new();
                if r.primary_key.contains(&c.name) {
                    keys.push("PK");
                }
                if fk_cols.contains(c.name.as_str()) {
                    keys.push("FK");
                }
                if r.uniques
                    .iter()
                    .any(|(_, cols)| cols == std::slice::from_ref(&c.name))
                {
                    keys.push("UK");
                }
                let _ = writeln!(
                    md,
                    "        {} {}{}",
                    mermaid_type(&c.data_type),
                    c.name,
                    if keys.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", keys.join(","))
                    }
                );
            }
            md.push_str("    }\n");
        }
        for r in &members {
            for fk in &r.foreign_keys {
                let _ = writeln!(md, "    {}", mermaid_relation(r, fk));
            }
        }
        md.push_str("```\n");
    }
    md
}

/// The tables of an area, in the order of [`AREAS`].
fn area_tables<'a>(
    slug: &str,
    relations: &'a BTreeMap<String, Relation>,
    area_of: &BTreeMap<String, &str>,
) -> Vec<&'a Relation> {
    relations
        .values()
        .filter(|r| !r.is_view && area_of.get(&r.name) == Some(&slug))
        .collect()
}

/// One Mermaid relationship line from the referencing table to the referenced one.
fn mermaid_relation(r: &Relation, fk: &ForeignKey) -> String {
    let required = fk
        .columns
        .iter()
        .all(|c| r.columns.iter().any(|col| &col.name == c && col.not_null));
    format!(
        "{} }}o--{} {} : \"{}\"",
        mermaid_name(&r.name),
        if required { "||" } else { "o|" },
        mermaid_name(&fk.target),
        fk.columns.join(", ")
    )
}

/// A Mermaid entity name: `erp.tasks` as `erp_tasks` (Mermaid names take no dots).
fn mermaid_name(name: &str) -> String {
    name.replace('.', "_")
}

/// A Mermaid attribute type: one word, without the modifier (`numeric(14,2)` is `numeric`).
fn mermaid_type(data_type: &str) -> String {
    let short = short_type(data_type);
    let base = short.split('(').next().unwrap_or(&short);
    base.replace(' ', "_")
}

/// The overview diagram: every table by name, clustered by area, one edge per referencing pair.
fn overview_dot(
    relations: &BTreeMap<String, Relation>,
    area_of: &BTreeMap<String, &str>,
) -> String {
    let mut dot = String::from(
        "// Generated by `erp-migrate docs`; do not edit. Every table of erp, agent, coda, erp_derived and\n\
         // erp_private, clustered by area; an edge runs from a referencing table to the table it references.\n\
         // Render: dot -Tsvg erd.dot > erd.svg\n\
         digraph erd {\n    \
         graph [rankdir=LR, fontname=\"Helvetica\", fontsize=20, labelloc=t, \
         label=\"erp-sdk: tables by area (grey arrow: a foreign key inside an area; blue: N foreign keys between two areas)\", compound=true, nodesep=0.15, \
         ranksep=1.1, splines=true, pad=0.3];\n    \
         node [shape=box, style=\"rounded,filled\", fillcolor=white, color=\"#666666\", fontname=\"Helvetica\", \
         fontsize=12, height=0.3, margin=\"0.12,0.04\"];\n    \
         edge [color=\"#8a8a8a\", arrowsize=0.6, penwidth=0.8];\n",
    );
    for (i, (slug, title, _)) in AREAS.iter().enumerate() {
        let members = area_tables(slug, relations, area_of);
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(
            dot,
            "    subgraph \"cluster_{slug}\" {{\n        label=\"{title}\"; style=\"rounded,filled\"; \
             fillcolor=\"{}\"; color=\"#bbbbbb\"; fontsize=16; margin=12;",
            AREA_COLOURS[i % AREA_COLOURS.len()]
        );
        for r in members {
            let _ = writeln!(dot, "        \"{}\" [label=\"{}\"];", r.name, r.name);
        }
        dot.push_str("    }\n");
    }
    // Inside an area, one edge per referencing pair of tables; between areas, one edge per pair of areas
    // (cluster to cluster) labelled with how many foreign keys it stands for. The table-level links
    // between areas are on the area diagrams.
    let mut inner = BTreeSet::new();
    let mut across: BTreeMap<(&str, &str), (usize, String, String)> = BTreeMap::new();
    for r in relations.values().filter(|r| !r.is_view) {
        for fk in &r.foreign_keys {
            let (from_area, to_area) = (area_of[&r.name], area_of[&fk.target]);
            if from_area == to_area {
                if fk.target != r.name {
                    inner.insert((r.name.clone(), fk.target.clone()));
                }
            } else {
                let e = across.entry((from_area, to_area)).or_insert((
                    0,
                    r.name.clone(),
                    fk.target.clone(),
                ));
                e.0 += 1;
            }
        }
    }
    for (from, to) in inner {
        let _ = writeln!(dot, "    \"{from}\" -> \"{to}\";");
    }
    for ((from_area, to_area), (count, from, to)) in across {
        let _ = writeln!(
            dot,
            "    \"{from}\" -> \"{to}\" [ltail=\"cluster_{from_area}\", lhead=\"cluster_{to_area}\", \
             color=\"#5b7db8\", penwidth=1.2, label=\"{count}\", fontcolor=\"#5b7db8\", fontsize=11, decorate=true];"
        );
    }
    dot.push_str("}\n");
    dot
}

/// One area's diagram: its tables with their columns, the tables of other areas they reference or are
/// referenced by (names only, grey), and an edge per foreign key from its column to the referenced table.
fn area_dot(
    slug: &str,
    relations: &BTreeMap<String, Relation>,
    area_of: &BTreeMap<String, &str>,
) -> String {
    let members = area_tables(slug, relations, area_of);
    let inside: BTreeSet<&str> = members.iter().map(|r| r.name.as_str()).collect();
    let mut outside: BTreeSet<&str> = BTreeSet::new();
    let mut edges: Vec<(String, String, String, bool)> = Vec::new();
    for r in relations.values().filter(|r| !r.is_view) {
        for fk in &r.foreign_keys {
            let from_in = inside.contains(r.name.as_str());
            let to_in = inside.contains(fk.target.as_str());
            if !from_in && !to_in {
                continue;
            }
            if !from_in {
                outside.insert(r.name.as_str());
            }
            if !to_in {
                outside.insert(fk.target.as_str());
            }
            let from = if from_in {
                format!("\"{}\":\"{}_out\":e", r.name, fk.columns[0])
            } else {
                format!("\"{}\"", r.name)
            };
            let to = if to_in {
                format!("\"{}\":\"{}\":w", fk.target, fk.target_columns[0])
            } else {
                format!("\"{}\"", fk.target)
            };
            edges.push((from, to, fk.on_delete.clone(), from_in && to_in));
        }
    }
    let title = area_title(slug);
    let mut dot = format!(
        "// Generated by `erp-migrate docs`; do not edit. The {title} area: its tables with their columns (PK\n\
         // primary key, FK foreign key, UK unique), the tables of other areas they are linked to in grey, and an\n\
         // edge per foreign key from its column to the referenced table, labelled with its ON DELETE rule.\n\
         digraph \"{slug}\" {{\n    \
         graph [rankdir=LR, fontname=\"Helvetica\", fontsize=20, labelloc=t, label=\"{title} (? nullable; PK primary key, FK foreign key, UK unique; edges labelled with their ON DELETE rule)\", nodesep=0.3, \
         ranksep=1.2, pad=0.3];\n    \
         node [shape=plaintext, fontname=\"Helvetica\", fontsize=11];\n    \
         edge [color=\"#666666\", arrowsize=0.7, fontname=\"Helvetica\", fontsize=9, fontcolor=\"#555555\"];\n"
    );
    for r in &members {
        let _ = writeln!(dot, "    \"{}\" [label=<{}>];", r.name, table_html(r));
    }
    for name in &outside {
        let _ = writeln!(
            dot,
            "    \"{name}\" [shape=box, style=\"rounded,filled\", fillcolor=\"#eeeeee\", color=\"#aaaaaa\", \
             fontcolor=\"#555555\", label=\"{name}\\n({})\"];",
            area_title(area_of.get(*name).copied().unwrap_or(""))
        );
    }
    for (from, to, on_delete, _) in &edges {
        let _ = writeln!(dot, "    {from} -> {to} [label=\"{on_delete}\"];");
    }
    dot.push_str("}\n");
    dot
}

/// A table as a graphviz HTML-like label: the name, then one row per column with its type and keys.
fn table_html(r: &Relation) -> String {
    let fk_cols: BTreeSet<&str> = r
        .foreign_keys
        .iter()
        .flat_map(|fk| fk.columns.iter().map(String::as_str))
        .collect();
    let mut html = format!(
        "<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"3\" color=\"#888888\">\
         <tr><td colspan=\"3\" bgcolor=\"#d9e3f5\"><b>{}</b></td></tr>",
        html_escape(&r.name)
    );
    for c in &r.columns {
        let mut keys = Vec::new();
        if r.primary_key.contains(&c.name) {
            keys.push("PK");
        }
        if fk_cols.contains(c.name.as_str()) {
            keys.push("FK");
        }
        if r.uniques
            .iter()
            .any(|(_, cols)| cols == std::slice::from_ref(&c.name))
        {
            keys.push("UK");
        }
        let name = if r.primary_key.contains(&c.name) {
            format!("<b>{}</b>", html_escape(&c.name))
        } else {
            html_escape(&c.name)
        };
        let _ = write!(
            html,
            "<tr><td align=\"left\" port=\"{}\">{name}</td><td align=\"left\"><font color=\"#555555\">{}{}</font></td>\
             <td align=\"left\" port=\"{}_out\">{}</td></tr>",
            html_escape(&c.name),
            html_escape(&short_type(&c.data_type)),
            if c.not_null { "" } else { "?" },
            html_escape(&c.name),
            if keys.is_empty() {
                String::new()
            } else {
                format!("<font color=\"#1f4e9c\">{}</font>", keys.join(" "))
            }
        );
    }
    html.push_str("</table>");
    html
}

/// A shorter spelling of the long type names, for the diagrams.
fn short_type(data_type: &str) -> String {
    data_type
        .replace("timestamp with time zone", "timestamptz")
        .replace("double precision", "float8")
        .replace("character varying", "varchar")
}

/// The labels a CHECK of the form `col = ANY (ARRAY['a'::text, ...])` accepts, if it is one.
fn labels_of(definition: &str) -> Option<Vec<String>> {
    let start = definition.find("ANY (ARRAY[")?;
    let list = &definition[start + "ANY (ARRAY[".len()..];
    let end = list.find("])")?;
    let labels: Vec<String> = list[..end]
        .split(", ")
        .map(|l| {
            l.trim_end_matches("::text")
                .trim_matches('\'')
                .replace("''", "'")
        })
        .collect();
    Some(labels)
}

/// The `USING method (columns) ...` part of an index definition.
fn index_columns(definition: &str) -> String {
    let unique = if definition.starts_with("CREATE UNIQUE") {
        "unique "
    } else {
        ""
    };
    match definition.find(" USING ") {
        Some(i) => format!("{unique}{}", &definition[i + " USING ".len()..]),
        None => definition.to_string(),
    }
}

/// `a`, `b` as Markdown code spans.
fn code_list(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The heading anchor GitHub gives `### erp.tasks`: lower case, without the dot.
fn anchor(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .collect::<String>()
        .to_lowercase()
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Collapses every run of whitespace to one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text safe inside a graphviz HTML-like label.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_read_from_any_array_checks() {
        let def = "CHECK ((status = ANY (ARRAY['Not Started'::text, 'Won''t'::text])))";
        assert_eq!(
            labels_of(def),
            Some(vec!["Not Started".to_string(), "Won't".to_string()])
        );
        assert_eq!(labels_of("CHECK ((amount >= (0)::numeric))"), None);
    }

    #[test]
    fn index_definitions_keep_method_and_columns() {
        assert_eq!(
            index_columns("CREATE INDEX t_idx ON erp.tasks USING btree (project_id, status)"),
            "btree (project_id, status)"
        );
        assert_eq!(
            index_columns(
                "CREATE UNIQUE INDEX k ON agent.block_actions USING btree (block_id) WHERE is_default"
            ),
            "unique btree (block_id) WHERE is_default"
        );
    }

    #[test]
    fn every_area_has_a_colour_and_no_table_is_in_two_areas() {
        assert!(AREA_COLOURS.len() >= AREAS.len());
        let mut seen = BTreeSet::new();
        for (_, _, tables) in AREAS {
            for t in *tables {
                assert!(seen.insert(*t), "{t} is in two areas");
            }
        }
    }
}
