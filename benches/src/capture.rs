//! Records the SQL text sqlx sends (its `sqlx::query` log records), so tests can check the hand-written
//! statements against the SDK's and explain exactly what the SDK runs.

use std::sync::{Mutex, OnceLock};

static STATEMENTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "sqlx::query"
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata())
            && let Some(sql) = statement_of(&record.args().to_string())
        {
            STATEMENTS.lock().expect("not poisoned").push(sql);
        }
    }

    fn flush(&self) {}
}

/// Starts recording (idempotent). sqlx logs each statement at DEBUG through `tracing`, which forwards to
/// `log` when no tracing subscriber is installed.
pub fn install() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        static CAPTURE: Capture = Capture;
        log::set_logger(&CAPTURE).expect("no other logger is installed");
        log::set_max_level(log::LevelFilter::Debug);
    });
}

/// Every statement recorded so far, oldest first.
pub fn statements() -> Vec<String> {
    STATEMENTS.lock().expect("not poisoned").clone()
}

/// The statement of one `sqlx::query` record: the `db.statement` field (the full text, Debug-quoted),
/// or the `summary` field when the text is short enough to be its own summary.
fn statement_of(message: &str) -> Option<String> {
    let quoted = |field: &str| -> Option<String> {
        let start = message.find(&format!("{field}=\""))? + field.len() + 2;
        unquote(&message[start..])
    };
    match quoted("db.statement") {
        Some(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => quoted("summary").map(|s| s.trim().to_owned()),
    }
}

/// Reads a Rust Debug-quoted string body up to its closing quote.
fn unquote(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                'u' => {
                    let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}
