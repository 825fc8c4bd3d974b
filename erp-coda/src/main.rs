//! `erp-coda`: pull the Coda doc, and import it into PostgreSQL (see the crate's README).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use erp_coda::{
    ApiToken, ClientConfig, CodaClient, DEFAULT_API_URL, DEFAULT_DOC_ID, Error, ImportOptions,
    Mapping, NoProgress, Progress, PulledDoc,
};

#[derive(Parser)]
#[command(
    name = "erp-coda",
    version,
    about = "Move the BestViable ERP from its Coda doc into PostgreSQL"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Api {
    /// The Coda doc id.
    #[arg(long = "doc", default_value = DEFAULT_DOC_ID)]
    doc: String,
    /// The Coda API base.
    #[arg(long, default_value = DEFAULT_API_URL)]
    api_url: String,
    /// The longest single wait on a 429 or 5xx, in seconds.
    #[arg(long, default_value_t = 60)]
    max_wait: u64,
}

#[derive(Subcommand)]
enum Command {
    /// Read the doc (tables, columns, every row with rich values) and save the raw responses in DIR.
    Pull {
        /// Where to save the responses.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        api: Api,
    },
    /// Import a pulled DIR (or pull live first) into PostgreSQL, in one transaction.
    Import {
        /// A directory written by `erp-coda pull`; without it the doc is pulled live.
        #[arg(long)]
        from: Option<PathBuf>,
        #[command(flatten)]
        api: Api,
        /// The database (else DATABASE_URL).
        #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
        database_url: String,
        /// A TOML mapping file laid over the built-in mapping.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Do everything but commit; list every value that cannot be stored.
        #[arg(long)]
        dry_run: bool,
        /// Also write the report as JSON to FILE.
        #[arg(long)]
        report: Option<PathBuf>,
    },
}

/// An indicatif bar on stderr.
struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn start(&self, phase: &str, len: Option<u64>) {
        self.0.reset();
        self.0.set_length(len.unwrap_or(0));
        self.0.set_prefix(phase.to_owned());
    }
    fn message(&self, text: &str) {
        self.0.set_message(text.to_owned());
    }
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn progress() -> Box<dyn Progress> {
    if !std::io::stderr().is_terminal() {
        return Box::new(NoProgress);
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{prefix:>6} [{bar:30}] {pos}/{len} {msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    Box::new(Bar(bar))
}

fn client(api: &Api) -> Result<CodaClient, Error> {
    let token = ApiToken::from_env().ok_or(Error::MissingToken)?;
    let mut config = ClientConfig::new(api.api_url.clone(), token);
    config.max_wait = Duration::from_secs(api.max_wait);
    CodaClient::new(config)
}

async fn run(cli: Cli) -> Result<bool, Error> {
    let progress = progress();
    match cli.command {
        Command::Pull { out, api } => {
            let (doc, stats) = client(&api)?
                .pull(&api.doc, Some(&out), progress.as_ref())
                .await?;
            let rows: usize = doc.tables.iter().map(|t| t.rows.len()).sum();
            println!(
                "pulled doc {}: {} tables, {rows} rows into {} ({} requests, {} retried, {:.1}s waited)",
                doc.doc_id,
                doc.tables.len(),
                out.display(),
                stats.requests,
                stats.retries,
                stats.waited.as_secs_f64()
            );
            Ok(true)
        }
        Command::Import {
            from,
            api,
            database_url,
            mapping,
            dry_run,
            report,
        } => {
            let doc = match &from {
                Some(dir) => PulledDoc::load(dir)?,
                None => {
                    client(&api)?
                        .pull(&api.doc, None, progress.as_ref())
                        .await?
                        .0
                }
            };
            let mut map = Mapping::builtin();
            if let Some(path) = &mapping {
                map = map.overlaid(Mapping::load(path)?);
            }
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect(&database_url)
                .await?;
            let options = ImportOptions {
                mapping: map,
                dry_run,
            };
            let result = erp_coda::import(&pool, &doc, &options, progress.as_ref()).await;
            let (rep, ok) = match result {
                Ok(rep) => {
                    let ok = rep.problems.is_empty();
                    (rep, ok)
                }
                Err(Error::Rejected { report, .. }) => (*report, false),
                Err(e) => return Err(e),
            };
            print!("{rep}");
            if let Some(path) = report {
                std::fs::write(&path, rep.to_json())
                    .map_err(|source| Error::Io { path, source })?;
            }
            Ok(ok)
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(2),
        Err(e) => {
            eprintln!("erp-coda: {e}");
            ExitCode::FAILURE
        }
    }
}
