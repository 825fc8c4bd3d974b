#![doc = include_str!("../README.md")]

mod batch;
pub mod catalog;
pub mod client;
pub mod doc;
mod error;
pub mod import;
pub mod mapping;
mod plan;
pub mod progress;
mod reconcile;
pub mod report;
mod value;

pub use client::{ApiToken, ClientConfig, CodaClient, DEFAULT_API_URL, DEFAULT_DOC_ID, PullStats};
pub use doc::{CodaColumn, CodaRow, CodaTable, PulledDoc, PulledTable};
pub use error::Error;
pub use import::{ImportOptions, import};
pub use mapping::{Mapping, TableKind, TableMapping};
pub use progress::{NoProgress, Progress};
pub use report::{Difference, Problem, Report, SumCheck, TableReport};
pub use value::RowRef;

/// Pulls the doc through `client` and, with `out`, saves every raw response there.
pub async fn pull(
    client: &CodaClient,
    doc_id: &str,
    out: Option<&std::path::Path>,
    progress: &dyn Progress,
) -> Result<(PulledDoc, PullStats), Error> {
    client.pull(doc_id, out, progress).await
}

/// The guide `docs/guides/switch-off-coda.md` as a doctest: `cargo test` runs its code on a throwaway
/// database, so the guide cannot drift from the import it describes.
#[cfg(doctest)]
#[doc = include_str!("../../docs/guides/switch-off-coda.md")]
mod switch_off_coda_guide {}
