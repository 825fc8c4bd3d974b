//! Every table's columns as sea-query identifiers: the one place the SDK spells a column's name.
//!
//! Filters, sort keys and the repositories' statements name columns through these enums, so a typo is a
//! compile error, and a drift test holds every identifier against the migrated database's catalog. They
//! are public for services that build their own sea-query statements next to the SDK's:
//!
//! ```
//! use erp_repo::schema::{Table, erp::Tasks};
//! use sea_query::{ExprTrait, PostgresQueryBuilder, Query};
//!
//! let sql = Query::select()
//!     .column(Tasks::Title)
//!     .from(Tasks::table())
//!     .and_where(sea_query::Expr::col(Tasks::Status).eq("Done"))
//!     .to_string(PostgresQueryBuilder);
//! assert_eq!(sql, r#"SELECT "title" FROM "erp"."tasks" WHERE "status" = 'Done'"#);
//! ```

use sea_query::{IdenStatic, TableRef};

pub mod agent;
pub mod erp;

/// A table's identifier enum: its `Table` variant names the table, every other variant a column.
pub trait Table: IdenStatic {
    /// The schema, `erp` or `agent`.
    const SCHEMA: &'static str;
    /// Every column, in the table's column order.
    const COLUMNS: &'static [Self];
    /// The table itself.
    const TABLE: Self;
    /// The table's name, e.g. `tasks`.
    const NAME: &'static str;
    /// `schema.table`, as errors and logs write it, e.g. `erp.tasks`.
    const QUALIFIED: &'static str;

    /// The schema-qualified table, for `FROM` and `INTO`.
    fn table() -> TableRef {
        (Self::SCHEMA, Self::TABLE).into()
    }
}

/// Declares a schema's tables: each an enum deriving [`Iden`](sea_query::Iden), a variant per column in
/// CamelCase of the column's snake_case name (which is how `Iden` spells it back).
macro_rules! tables {
    ($schema:literal; $($(#[$meta:meta])* $name:ident { $($col:ident),* $(,)? })*) => {
        pastey::paste! {
            $(
                $(#[$meta])*
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sea_query::IdenStatic)]
                pub enum $name {
                    /// The table.
                    Table,
                    $(#[doc = concat!("`", stringify!($col), "`")] [<$col:camel>],)*
                }

                impl $crate::schema::Table for $name {
                    const SCHEMA: &'static str = $schema;
                    const COLUMNS: &'static [Self] = &[$(Self::[<$col:camel>]),*];
                    const TABLE: Self = Self::Table;
                    const NAME: &'static str = stringify!([<$name:snake>]);
                    const QUALIFIED: &'static str = concat!($schema, ".", stringify!([<$name:snake>]));
                }
            )*

            /// Every declared table and view with its columns, for the drift test.
            #[cfg(test)]
            pub(crate) fn declared() -> Vec<(&'static str, Vec<&'static str>)> {
                use $crate::schema::Table as _;
                vec![$(($name::QUALIFIED, $name::COLUMNS.iter().map(|c| c.as_str()).collect())),*]
            }
        }
    };
}
pub(crate) use tables;
