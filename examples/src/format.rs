//! Terminal output of the examples: aligned text tables, hours, percentages and load bars.

use std::io::{self, Write};

use erp_repo::erp::SprintLoad;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: flush left.
    Left,
    /// Numbers: flush right, so the decimal points line up.
    Right,
}

/// A text table: a header, a rule, then the rows, each column as wide as its widest cell, two spaces
/// between columns; laid out by `comfy-table`.
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers and alignments.
    pub fn new(columns: &[(&str, Align)]) -> Table {
        Table {
            columns: columns
                .iter()
                .map(|(name, align)| ((*name).to_owned(), *align))
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank, extra cells are dropped.
    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Table {
        let mut cells: Vec<String> = cells.into_iter().map(Into::into).collect();
        cells.resize(self.columns.len(), String::new());
        self.rows.push(cells);
        self
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Writes the table, each line indented by `indent` spaces and without trailing blanks.
    pub fn write_to(&self, out: &mut dyn Write, indent: usize) -> io::Result<()> {
        let mut table = comfy_table::Table::new();
        table
            // No borders; a rule under the header; a space between columns, two with each column's
            // right padding.
            .load_preset(comfy_table::presets::NOTHING)
            .set_style(comfy_table::TableComponent::HeaderLines, '─')
            .set_style(comfy_table::TableComponent::MiddleHeaderIntersections, '─')
            .set_style(comfy_table::TableComponent::VerticalLines, ' ')
            .set_header(self.columns.iter().map(|(name, _)| name))
            .add_rows(&self.rows);
        let last = self.columns.len().saturating_sub(1);
        for (i, (_, align)) in self.columns.iter().enumerate() {
            if let Some(column) = table.column_mut(i) {
                column.set_padding((0, u16::from(i < last)));
                column.set_cell_alignment(match align {
                    Align::Left => comfy_table::CellAlignment::Left,
                    Align::Right => comfy_table::CellAlignment::Right,
                });
            }
        }
        let pad = " ".repeat(indent);
        for line in table.lines() {
            writeln!(out, "{pad}{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// Rounds to two decimals as PostgreSQL's `round(numeric, 2)` does: halves away from zero.
pub fn round2(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Hours with two decimals (`4.60`), or `—` when unknown.
pub fn hours(value: Option<Decimal>) -> String {
    match value {
        Some(h) => format!("{:.2}", round2(h)),
        None => "—".to_owned(),
    }
}

/// A signed percentage with two decimals (`+15.00 %`, `-25.00 %`, `0.00 %`), or `—` when unknown.
pub fn percent(value: Option<Decimal>) -> String {
    match value {
        Some(p) if p > Decimal::ZERO => format!("+{:.2} %", round2(p)),
        Some(p) => format!("{:.2} %", round2(p)),
        None => "—".to_owned(),
    }
}

/// A bar of `width` cells filled in proportion to `part / whole` (capped at full), e.g. `[████░░░░]`;
/// over-full bars end in `!`.
pub fn bar(part: Decimal, whole: Decimal, width: usize) -> String {
    if whole <= Decimal::ZERO {
        return String::new();
    }
    let ratio = part / whole;
    let filled = (ratio * Decimal::from(width))
        .round()
        .clamp(Decimal::ZERO, Decimal::from(width));
    let filled = filled.to_usize().unwrap_or(width);
    let over = if ratio > Decimal::ONE { "!" } else { "" };
    format!(
        "[{}{}]{over}",
        "█".repeat(filled),
        "░".repeat(width - filled)
    )
}

/// `part` as a whole percentage of `whole` (`36 %`), or `—` without a `whole`.
pub fn share(part: Decimal, whole: Option<Decimal>) -> String {
    match whole {
        Some(w) if w > Decimal::ZERO => format!("{} %", (part / w * Decimal::ONE_HUNDRED).round()),
        _ => "—".to_owned(),
    }
}

/// A sprint's load in one line: `10.00 h of 30.00 h (33 %) [███░░░░░░░] · 20.00 h free · 5 tasks`.
pub fn sprint_load(load: &SprintLoad) -> String {
    let mut line = format!("{} h", hours(Some(load.planned_hours)));
    if let Some(capacity) = load.capacity_hours {
        line.push_str(&format!(
            " of {} h ({}) {}",
            hours(Some(capacity)),
            share(load.planned_hours, Some(capacity)),
            bar(load.planned_hours, capacity, 10)
        ));
    }
    match load.remaining_hours {
        Some(r) if load.over_capacity => line.push_str(&format!(" · {} h over", hours(Some(-r)))),
        Some(r) => line.push_str(&format!(" · {} h free", hours(Some(r)))),
        None => {}
    }
    line.push_str(&format!(" · {} tasks", load.task_count));
    if load.unestimated_tasks > 0 {
        line.push_str(&format!(" ({} without estimate)", load.unestimated_tasks));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up() {
        let mut table = Table::new(&[("Name", Align::Left), ("Hours", Align::Right)]);
        table.row(["Onboard a new client", "4.60"]);
        table.row(["Invoicing", "0.85"]);
        let mut out = Vec::new();
        table.write_to(&mut out, 2).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "  Name                  Hours\n\
             \x20 ───────────────────────────\n\
             \x20 Onboard a new client   4.60\n\
             \x20 Invoicing              0.85\n"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(hours(Some(Decimal::new(46, 1))), "4.60");
        assert_eq!(hours(Some(Decimal::new(46_000_000, 7))), "4.60");
        assert_eq!(hours(None), "—");
        assert_eq!(hours(Some(Decimal::new(28125, 3))), "28.13");
        assert_eq!(percent(Some(Decimal::from(15))), "+15.00 %");
        assert_eq!(percent(Some(Decimal::new(-2500, 2))), "-25.00 %");
        assert_eq!(percent(Some(Decimal::ZERO)), "0.00 %");
        assert_eq!(share(Decimal::from(10), Some(Decimal::from(40))), "25 %");
        assert_eq!(bar(Decimal::from(1), Decimal::from(4), 8), "[██░░░░░░]");
        assert_eq!(bar(Decimal::from(5), Decimal::from(4), 4), "[████]!");
    }
}
