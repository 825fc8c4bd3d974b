#![doc = include_str!("../README.md")]

pub mod analytics;
pub mod format;
#[cfg(doctest)]
mod guides;
pub mod http;
pub mod memory_gateway;
pub mod planner_api;
pub mod quickstart;
pub mod sample;

use erp_repo::Db;
use erp_testkit::TestDb;

/// The error of an example: whatever the SDK, the migrations, the test kit or the output reported.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where an example's database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The server `DATABASE_URL` names (password left out), migrated at start.
    DatabaseUrl(String),
    /// A fresh database on erp-testkit's throwaway server, removed when the program ends.
    Throwaway(String),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::DatabaseUrl(url) => write!(f, "DATABASE_URL ({url})"),
            Source::Throwaway(name) => write!(
                f,
                "throwaway PostgreSQL from erp-testkit (database {name}, removed at exit)"
            ),
        }
    }
}

/// An example's database: the [`Db`] to pass to repository calls, and what keeps a throwaway one alive.
#[derive(Debug)]
pub struct Connection {
    db: Db,
    source: Source,
    migrated_now: Vec<i64>,
    // Dropped last: the throwaway database goes away with the connection.
    _throwaway: Option<TestDb>,
}

impl Connection {
    /// The pool to run the example on.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Which database this is.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The migration versions applied when connecting (empty when the schema was already current).
    pub fn migrated_now(&self) -> &[i64] {
        &self.migrated_now
    }
}

/// Connects to `DATABASE_URL` when set (and applies any pending migration), or else brings up a fresh
/// migrated database on erp-testkit's throwaway server; prints which one it used.
pub async fn connect() -> Result<Connection, BoxError> {
    let url = std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty());
    let connection = connect_to(url.as_deref()).await?;
    println!("database: {}", connection.source());
    if !connection.migrated_now().is_empty() {
        println!("migrations applied: {:?}", connection.migrated_now());
    }
    Ok(connection)
}

/// As [`connect`], with the URL given (`None`: a throwaway database), and printing nothing.
pub async fn connect_to(url: Option<&str>) -> Result<Connection, BoxError> {
    match url {
        Some(url) => {
            let db = Db::connect(url).await?;
            let migrated_now = erp_migrate::up(db.pool()).await?;
            Ok(Connection {
                db,
                source: Source::DatabaseUrl(without_password(url)),
                migrated_now,
                _throwaway: None,
            })
        }
        None => {
            let test_db = TestDb::new().await?;
            Ok(Connection {
                db: Db::new(test_db.pool().clone()),
                source: Source::Throwaway(test_db.name().to_owned()),
                migrated_now: Vec::new(),
                _throwaway: Some(test_db),
            })
        }
    }
}

/// The URL with its password, if any, replaced by `***`, fit to print.
pub fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{path}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn passwords_are_never_printed() {
        assert_eq!(
            without_password("postgres://erp:s3cret@db.example:5432/erp?sslmode=require"),
            "postgres://erp:***@db.example:5432/erp?sslmode=require"
        );
        assert_eq!(
            without_password("postgres://erp@localhost/erp"),
            "postgres://erp@localhost/erp"
        );
        assert_eq!(
            without_password("postgres://localhost/erp"),
            "postgres://localhost/erp"
        );
    }
}
