//! `erp-migrate`: apply, roll back, report and validate the schema.
//!
//! Exit codes: 0 success; 1 a failed migration, a refused `up` (changed or unknown migrations),
//! `status` with a problem, or `validate` with drift; 2 a usage error or no connection.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use erp_migrate::{DownTarget, MigrationStatus};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

/// Apply, roll back, report and validate the erp and agent schemas.
#[derive(Debug, Parser)]
#[command(name = "erp-migrate", version, about)]
struct Cli {
    /// PostgreSQL URL, e.g. postgres://user:password@host:5432/db [default: $DATABASE_URL].
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    database_url: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply every pending migration (safe to run from several processes at once).
    Up,
    /// Roll back the newest migration, or down to a version, or everything.
    Down {
        /// Undo every migration newer than VERSION (VERSION itself stays applied).
        #[arg(long, value_name = "VERSION", conflicts_with = "all")]
        to: Option<i64>,
        /// Undo every applied migration.
        #[arg(long)]
        all: bool,
    },
    /// Show every migration: applied (when) or pending, changed files, unknown versions.
    Status,
    /// Check, read-only, that every migration is applied and unchanged (for services, under their roles).
    Check,
    /// Compare the live schema with the migrations' snapshot, and the run counters with the runs; exit 1
    /// on any drift.
    Validate,
    /// Recount erp.workflow_performance's counters from the runs (as the schema owner).
    RebuildCounters,
    /// Print the key that signs client claims (as the schema owner), for the services' ERP_CLIENT_CLAIM_KEY
    /// and PostgREST's jwt-secret.
    ClaimKey,
    /// Print the live schema in the format of schema.snapshot.
    Snapshot,
    /// Write the schema documents from the live catalog: schema.md, erd.md (Mermaid), erd.dot and
    /// erd/<area>.dot, and their SVGs rendered by graphviz's `dot`.
    Docs {
        /// The directory to write into (created if missing), e.g. docs.
        #[arg(long, value_name = "DIR")]
        out: std::path::PathBuf,
        /// Write the graphviz sources only, without running `dot`.
        #[arg(long)]
        no_svg: bool,
    },
    /// Opt in to (enable) or out of (disable) the optional pgvector storage of agent embeddings
    /// (optional/pgvector.sql, one transaction; needs the pgvector extension on the server).
    Pgvector {
        #[command(subcommand)]
        action: PgvectorAction,
    },
}

#[derive(Debug, Clone, Copy, Subcommand)]
enum PgvectorAction {
    /// Add the generated embedding_vec column and its HNSW index, and the database's hnsw.* settings.
    Enable,
    /// Drop what `enable` added (the extension stays): recall goes back to the signature prefilter.
    Disable,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(url) = cli.database_url.filter(|u| !u.trim().is_empty()) else {
        eprintln!("erp-migrate: no database URL: pass --database-url URL or set DATABASE_URL");
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("erp-migrate: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(run(&url, cli.command))
}

async fn run(url: &str, command: Command) -> ExitCode {
    let pool = match connect(url).await {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("erp-migrate: cannot connect to the database: {e}");
            return ExitCode::from(2);
        }
    };
    let code = match execute(&pool, command).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("erp-migrate: {e}");
            ExitCode::from(1)
        }
    };
    pool.close().await;
    code
}

async fn connect(url: &str) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(15))
        .connect(url)
        .await
}

async fn execute(pool: &PgPool, command: Command) -> Result<ExitCode, erp_migrate::Error> {
    match command {
        Command::Up => {
            let applied = erp_migrate::up(pool).await?;
            if applied.is_empty() {
                println!("nothing to apply");
            }
            for version in applied {
                println!("applied {version}");
            }
        }
        Command::Down { to, all } => {
            let target = match (to, all) {
                (_, true) => DownTarget::All,
                (Some(version), false) => DownTarget::To(version),
                (None, false) => DownTarget::Last,
            };
            let reverted = erp_migrate::down(pool, target).await?;
            if reverted.is_empty() {
                println!("nothing to roll back");
            }
            for version in reverted {
                println!("reverted {version}");
            }
        }
        Command::Status => {
            let statuses = erp_migrate::status(pool).await?;
            print!("{}", status_table(&statuses));
            if statuses.iter().any(MigrationStatus::is_problem) {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Check => {
            erp_migrate::check(pool).await?;
            println!("all migrations applied");
        }
        Command::RebuildCounters => {
            let wrong = erp_migrate::rebuild_counters(pool).await?;
            println!("rebuilt the run counters; {wrong} workflow(s) were wrong");
        }
        Command::ClaimKey => {
            let key: String = sqlx::query_scalar("SELECT secret FROM erp_private.client_claim_key")
                .fetch_one(pool)
                .await?;
            println!("{key}");
        }
        Command::Validate => {
            let report = erp_migrate::validate(pool).await?;
            println!("{report}");
            if !report.is_ok() {
                eprintln!(
                    "erp-migrate: schema drift: {} missing, {} extra, {} workflow counter(s) wrong",
                    report.missing.len(),
                    report.extra.len(),
                    report.counter_drift.len()
                );
                return Ok(ExitCode::from(1));
            }
        }
        Command::Snapshot => {
            let lines = erp_migrate::live_schema(pool).await?;
            print!("{}", erp_migrate::render_snapshot(&lines));
        }
        Command::Docs { out, no_svg } => return Ok(write_docs(pool, &out, !no_svg).await),
        Command::Pgvector { action } => match action {
            PgvectorAction::Enable => {
                erp_migrate::pgvector::enable(pool).await?;
                println!("pgvector storage enabled");
            }
            PgvectorAction::Disable => {
                erp_migrate::pgvector::disable(pool).await?;
                println!("pgvector storage disabled");
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// `docs`: generates the documents into `out`, then renders each `.dot` to an `.svg` beside it.
async fn write_docs(pool: &PgPool, out: &std::path::Path, svg: bool) -> ExitCode {
    let files = match erp_migrate::docs::generate(pool).await {
        Ok(files) => files,
        Err(e) => {
            eprintln!("erp-migrate: {e}");
            return ExitCode::from(1);
        }
    };
    for file in &files {
        let path = out.join(&file.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, &file.contents))
            .and_then(|()| match file.path.strip_suffix(".dot") {
                Some(stem) if svg => erp_migrate::docs::render_svg(&file.contents)
                    .and_then(|s| std::fs::write(out.join(format!("{stem}.svg")), s)),
                _ => Ok(()),
            });
        if let Err(e) = written {
            eprintln!("erp-migrate: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

/// The `status` table: version, state, applied time and description, one row per migration.
fn status_table(statuses: &[MigrationStatus]) -> String {
    let rows: Vec<[String; 4]> = statuses
        .iter()
        .map(|s| {
            let state = if s.failed {
                "FAILED"
            } else if !s.embedded {
                "UNKNOWN (not in this binary)"
            } else if s.checksum_mismatch {
                "CHECKSUM MISMATCH"
            } else if s.is_applied() {
                "applied"
            } else {
                "pending"
            };
            let at = s.applied_at.map_or_else(
                || "-".to_string(),
                |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            );
            [
                s.version.to_string(),
                state.to_string(),
                at,
                s.description.clone(),
            ]
        })
        .collect();
    // Laid out by comfy-table: no borders or rules, two spaces between columns, no trailing blanks.
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::NOTHING)
        .set_style(comfy_table::TableComponent::VerticalLines, ' ')
        .set_header(["VERSION", "STATE", "APPLIED AT", "DESCRIPTION"])
        .add_rows(rows);
    for i in 0..3 {
        if let Some(column) = table.column_mut(i) {
            column.set_padding((0, 1));
        }
    }
    if let Some(column) = table.column_mut(3) {
        column.set_padding((0, 0));
    }
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if statuses.is_empty() {
        out.push_str("(no migrations)\n");
    }
    out
}
