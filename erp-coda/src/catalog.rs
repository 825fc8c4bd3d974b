//! The target tables as PostgreSQL's catalog describes them: columns, types, nullability, defaults,
//! single-column foreign keys and label CHECKs. Read inside the import's transaction, so the import
//! follows whatever the migrations defined, with no Rust-side copy of the schema to drift.

use std::collections::BTreeMap;

use sqlx::PgConnection;

/// The value type of a column, as far as the import needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PgType {
    /// text, varchar, char, citext.
    Text,
    /// smallint, integer, bigint.
    Integer,
    /// numeric.
    Numeric,
    /// real, double precision.
    Float,
    /// boolean.
    Bool,
    /// date.
    Date,
    /// timestamptz.
    Timestamptz,
    /// timestamp without time zone.
    Timestamp,
    /// jsonb or json.
    Json,
    /// uuid.
    Uuid,
    /// text[] or varchar[].
    TextArray,
    /// bigint[] or integer[].
    IntegerArray,
    /// Anything else (the import reports it as not storable).
    Other,
}

impl PgType {
    fn from_typname(typname: &str) -> PgType {
        match typname {
            "text" | "varchar" | "bpchar" | "citext" | "name" => PgType::Text,
            "int2" | "int4" | "int8" => PgType::Integer,
            "numeric" => PgType::Numeric,
            "float4" | "float8" => PgType::Float,
            "bool" => PgType::Bool,
            "date" => PgType::Date,
            "timestamptz" => PgType::Timestamptz,
            "timestamp" => PgType::Timestamp,
            "jsonb" | "json" => PgType::Json,
            "uuid" => PgType::Uuid,
            "_text" | "_varchar" | "_bpchar" | "_citext" => PgType::TextArray,
            "_int2" | "_int4" | "_int8" => PgType::IntegerArray,
            _ => PgType::Other,
        }
    }
}

/// One column of a target table or view.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetColumn {
    /// The column name.
    pub name: String,
    /// Its type as the import sees it.
    pub pg_type: PgType,
    /// Its SQL type as PostgreSQL spells it (`numeric(14,2)`), for messages.
    pub sql_type: String,
    /// NOT NULL?
    pub not_null: bool,
    /// Has a default?
    pub has_default: bool,
    /// Identity or generated: never written by the import.
    pub generated: bool,
    /// The schema-qualified table a single-column foreign key references.
    pub references: Option<String>,
    /// The labels a CHECK (`col IN (...)` or `col <@ ARRAY[...]`) allows.
    pub labels: Option<Vec<String>>,
}

/// A target table or view.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetTable {
    /// `schema.table`.
    pub name: String,
    /// A view (or materialized view) rather than a table.
    pub is_view: bool,
    /// Columns in their order.
    pub columns: Vec<TargetColumn>,
}

impl TargetTable {
    /// The column with this name.
    pub fn column(&self, name: &str) -> Option<&TargetColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The `(schema, table)` pair.
    pub fn schema_and_name(&self) -> (&str, &str) {
        self.name.split_once('.').unwrap_or(("public", &self.name))
    }
}

/// Reads every named table or view that exists (`schema.table` names); missing ones are left out.
pub async fn read_tables(
    conn: &mut PgConnection,
    names: &[String],
) -> Result<BTreeMap<String, TargetTable>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct ColumnRow {
        table_name: String,
        relkind: String,
        name: String,
        typname: String,
        sql_type: String,
        not_null: bool,
        has_default: bool,
        generated: bool,
    }
    let columns: Vec<ColumnRow> = sqlx::query_as(
        "SELECT n.nspname || '.' || c.relname AS table_name, c.relkind::text AS relkind, a.attname::text AS name,
                t.typname::text AS typname, format_type(a.atttypid, a.atttypmod) AS sql_type,
                a.attnotnull AS not_null, a.atthasdef AS has_default,
                (a.attidentity <> '' OR a.attgenerated <> '') AS generated
         FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
         WHERE n.nspname || '.' || c.relname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm')
         ORDER BY 1, a.attnum",
    )
    .bind(names)
    .fetch_all(&mut *conn)
    .await?;
    // Foreign keys column by column, composite ones included (payments (invoice_id, currency) ->
    // invoices (id, currency) makes invoice_id a reference to erp.invoices); single-column CHECKs.
    let constraints: Vec<(String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT n.nspname || '.' || c.relname, a.attname::text, 'f', rn.nspname || '.' || rc.relname, ''
         FROM pg_catalog.pg_constraint con
         JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         CROSS JOIN LATERAL unnest(con.conkey, con.confkey) AS k(attnum, fattnum)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
         JOIN pg_catalog.pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum
         JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
         JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
         WHERE n.nspname || '.' || c.relname = ANY($1) AND con.contype = 'f' AND fa.attname = 'id'
         UNION ALL
         SELECT n.nspname || '.' || c.relname, a.attname::text, 'c', NULL, pg_get_constraintdef(con.oid)
         FROM pg_catalog.pg_constraint con
         JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
         WHERE n.nspname || '.' || c.relname = ANY($1) AND con.contype = 'c' AND cardinality(con.conkey) = 1
         ORDER BY 1, 2, 3",
    )
    .bind(names)
    .fetch_all(&mut *conn)
    .await?;
    let mut tables: BTreeMap<String, TargetTable> = BTreeMap::new();
    for c in columns {
        let entry = tables
            .entry(c.table_name.clone())
            .or_insert_with(|| TargetTable {
                name: c.table_name,
                is_view: c.relkind == "v" || c.relkind == "m",
                columns: Vec::new(),
            });
        entry.columns.push(TargetColumn {
            name: c.name,
            pg_type: PgType::from_typname(&c.typname),
            sql_type: c.sql_type,
            not_null: c.not_null,
            has_default: c.has_default,
            generated: c.generated,
            references: None,
            labels: None,
        });
    }
    for (table, column, kind, references, def) in constraints {
        let Some(col) = tables
            .get_mut(&table)
            .and_then(|t| t.columns.iter_mut().find(|c| c.name == column))
        else {
            continue;
        };
        if kind == "f" {
            col.references = references;
        } else if let Some(labels) = check_labels(&def) {
            col.labels = Some(labels);
        }
    }
    Ok(tables)
}

/// The quoted labels of a CHECK that lists them (`... = ANY (ARRAY['a'::text, 'b'::text])` or
/// `... <@ ARRAY[...]`), or `None` for any other CHECK.
pub fn check_labels(def: &str) -> Option<Vec<String>> {
    let start = def.find("ARRAY[")? + "ARRAY[".len();
    let body = &def[start..];
    let mut labels = Vec::new();
    let mut chars = body.chars().peekable();
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            s.push('\'');
                        }
                        Some('\'') | None => break,
                        Some(ch) => s.push(ch),
                    }
                }
                labels.push(s);
            }
            '[' => depth += 1,
            ']' if depth == 0 => break,
            ']' => depth -= 1,
            _ => {}
        }
    }
    (!labels.is_empty()).then_some(labels)
}

#[cfg(test)]
mod tests {
    use super::check_labels;

    #[test]
    fn labels_of_in_checks() {
        assert_eq!(
            check_labels("CHECK ((status = ANY (ARRAY['Not Started'::text, 'It''s done'::text])))"),
            Some(vec!["Not Started".to_owned(), "It's done".to_owned()])
        );
        assert_eq!(
            check_labels("CHECK ((tags <@ ARRAY['a'::text, 'b'::text]))"),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            check_labels("CHECK ((estimated_hours >= (0)::numeric))"),
            None
        );
    }
}
