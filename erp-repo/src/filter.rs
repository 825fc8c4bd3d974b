//! Building blocks of the typed list filters.

use sea_query::extension::postgres::{PgExpr, PgFunc};
use sea_query::{Condition, Expr, ExprTrait, IdenStatic, LikeExpr, Value};

use crate::crud::field;
use crate::error::{Error, Result};
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

    /// `column = ANY($1)`, for a filter on several labels or ids: the values travel as one array
    /// parameter, so a list of any length stays one bind parameter (PostgreSQL allows 65,535 per statement).
    pub fn any_of<V: SqlValue>(
        mut self,
        column: impl IdenStatic,
        values: Option<&[V]>,
    ) -> Result<Self> {
        if let Some(vs) = values {
            self.0
                .push(Expr::col(column).eq(PgFunc::any(array_of(column.as_str(), vs)?)));
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

/// The values as one typed array parameter, each checked as a single one would be.
pub(crate) fn array_of<V: SqlValue>(column: &'static str, values: &[V]) -> Result<Expr> {
    // The element type comes from a typed NULL, so an empty list binds a typed empty array too.
    let Expr::Value(null) = V::sql_null() else {
        return Err(Error::invalid(column, "cannot be bound as an array"));
    };
    let mut items = Vec::with_capacity(values.len());
    for v in values {
        match field(column, v)? {
            Expr::Value(value) => items.push(value),
            _ => return Err(Error::invalid(column, "cannot be bound as an array")),
        }
    }
    Ok(Expr::val(Value::Array(
        null.array_type(),
        Some(Box::new(items)),
    )))
}
