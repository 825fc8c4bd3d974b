//! Building blocks of the typed list filters.

use sea_query::extension::postgres::PgExpr;
use sea_query::{Condition, Expr, ExprTrait, IdenStatic, LikeExpr};

use crate::crud::field;
use crate::error::Result;
use crate::value::SqlValue;

/// A table's typed list filter.
pub trait ListFilter {
    /// The filter as a condition; every value bound.
    fn condition(&self) -> Result<Condition>;
}

/// Accumulates the conditions of a filter; each method ignores `None`.
#[derive(Debug, Default)]
pub(crate) struct Where(Vec<Expr>);

impl Where {
    /// A new, empty filter (matches everything).
    pub fn new() -> Self {
        Where::default()
    }

    /// `column = value`.
    pub fn eq<V: SqlValue>(mut self, column: impl IdenStatic, value: Option<&V>) -> Result<Self> {
        if let Some(v) = value {
            self.0
                .push(Expr::col(column).eq(field(column.as_str(), v)?));
        }
        Ok(self)
    }

    /// `column = ANY(values)`, for a filter on several labels or ids.
    pub fn any_of<V: SqlValue>(
        mut self,
        column: impl IdenStatic,
        values: Option<&[V]>,
    ) -> Result<Self> {
        if let Some(vs) = values {
            let exprs = vs
                .iter()
                .map(|v| field(column.as_str(), v))
                .collect::<Result<Vec<_>>>()?;
            self.0.push(Expr::col(column).is_in(exprs));
        }
        Ok(self)
    }

    /// `column >= from` and `column <= to`.
    pub fn between<V: SqlValue>(
        mut self,
        column: impl IdenStatic,
        from: Option<&V>,
        to: Option<&V>,
    ) -> Result<Self> {
        if let Some(v) = from {
            self.0
                .push(Expr::col(column).gte(field(column.as_str(), v)?));
        }
        if let Some(v) = to {
            self.0
                .push(Expr::col(column).lte(field(column.as_str(), v)?));
        }
        Ok(self)
    }

    /// Case-insensitive substring search; `%`, `_` and `\` in the text match literally (backslash is
    /// PostgreSQL's default LIKE escape).
    pub fn search(mut self, column: impl IdenStatic, text: Option<&str>) -> Result<Self> {
        if let Some(t) = text {
            let escaped = t
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            crate::value::check_text(t)
                .map_err(|reason| crate::Error::invalid(column.as_str(), reason))?;
            self.0
                .push(Expr::col(column).ilike(LikeExpr::new(format!("%{escaped}%"))));
        }
        Ok(self)
    }

    /// `column IS NULL` or `IS NOT NULL`.
    // A builder step like the others: it consumes and returns the filter, whatever its name says.
    #[allow(clippy::wrong_self_convention)]
    pub fn is_null(mut self, column: impl IdenStatic, null: Option<bool>) -> Self {
        match null {
            Some(true) => self.0.push(Expr::col(column).is_null()),
            Some(false) => self.0.push(Expr::col(column).is_not_null()),
            None => {}
        }
        self
    }

    /// Any extra condition.
    pub fn and(mut self, expr: Expr) -> Self {
        self.0.push(expr);
        self
    }

    /// The conjunction of everything added.
    pub fn build(self) -> Condition {
        self.0.into_iter().fold(Condition::all(), Condition::add)
    }
}
