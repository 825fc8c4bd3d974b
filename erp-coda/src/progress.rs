//! Progress of a pull or an import, for a progress bar the caller draws (the binary uses indicatif).

/// Receives progress; every method does nothing by default.
pub trait Progress: Send + Sync {
    /// A phase begins (`tables`, `rows`), with its length when known.
    fn start(&self, _phase: &str, _len: Option<u64>) {}
    /// What is being worked on now (a table's name).
    fn message(&self, _text: &str) {}
    /// `n` more units are done.
    fn advance(&self, _n: u64) {}
    /// The phase is over.
    fn finish(&self) {}
    /// A step of the import took `took` (`rows: prepare` and `rows: write` are summed over every
    /// table): where an import spends its time, for a benchmark or a verbose log.
    fn timing(&self, _step: &str, _took: std::time::Duration) {}
}

/// Shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}
