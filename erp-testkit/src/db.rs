//! Test databases: the shared per-process server, templates, and cloning.

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, Connection, PgConnection, PgPool};

use crate::pooler::LocalPooler;
use crate::server::{LocalServer, random};
use crate::{Error, url};

/// Connections per test pool: enough for concurrent work inside a test, small enough for
/// hundreds of parallel tests within the server's `max_connections`.
const POOL_SIZE: u32 = 8;

/// Serialises template creation across test processes sharing a `DATABASE_URL` server.
const TEMPLATE_LOCK: i64 = 0x6572_705f_7465_6d70; // "erp_temp"

/// Bump when the way templates are built changes, so that old ones are not reused.
const TEMPLATE_FORMAT: &str = "erp-testkit template v1";

/// A server to make databases on, and how to reach it as an administrator.
#[derive(Clone)]
struct Server {
    admin_url: String,
    admin: PgConnectOptions,
    /// A server we did not start (`DATABASE_URL`): databases left behind there stay forever,
    /// so dropping them is waited for.
    external: bool,
    /// The administrator's URL through PgBouncer in front of this server, if one runs.
    pooler_url: Option<String>,
    /// The administrator's URL of a hot standby of this server, if one runs.
    replica_url: Option<String>,
}

impl Server {
    fn with_pooler(self, pooler: &LocalPooler) -> Self {
        let url = format!(
            "postgres://{}@127.0.0.1:{}/postgres?sslmode=disable",
            crate::server::SUPERUSER,
            pooler.port()
        );
        Server {
            pooler_url: Some(url),
            ..self
        }
    }

    fn with_replica(self, replica: &LocalServer) -> Self {
        Server {
            replica_url: Some(replica.admin_url()),
            ..self
        }
    }

    /// Waits until the replica, if any, has replayed everything the server has written so far.
    async fn wait_for_replica(&self) -> Result<(), Error> {
        let Some(replica_url) = &self.replica_url else {
            return Ok(());
        };
        let mut primary = self.connect(None).await?;
        let lsn: String = sqlx::query_scalar("SELECT pg_current_wal_lsn()::text")
            .fetch_one(&mut primary)
            .await
            .map_err(Error::sql("reading the primary's WAL position"))?;
        let _ = primary.close().await;
        let mut replica = PgConnection::connect(replica_url)
            .await
            .map_err(Error::sql("connecting to the replica"))?;
        for _ in 0..3000 {
            let caught_up: Option<bool> =
                sqlx::query_scalar("SELECT pg_last_wal_replay_lsn() >= $1::text::pg_lsn")
                    .bind(&lsn)
                    .fetch_one(&mut replica)
                    .await
                    .map_err(Error::sql("reading the replica's replay position"))?;
            if caught_up == Some(true) {
                let _ = replica.close().await;
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Err(Error::ReplicaBehind { lsn })
    }

    fn local(local: &LocalServer) -> Self {
        let admin_url = local.admin_url();
        let admin = PgConnectOptions::from_str(&admin_url).expect("a well-formed local URL");
        Server {
            admin_url,
            admin,
            external: false,
            pooler_url: None,
            replica_url: None,
        }
    }

    fn external(admin_url: String) -> Result<Self, Error> {
        let admin = PgConnectOptions::from_str(&admin_url).map_err(Error::InvalidUrl)?;
        Ok(Server {
            admin_url,
            admin,
            external: true,
            pooler_url: None,
            replica_url: None,
        })
    }

    async fn connect(&self, database: Option<&str>) -> Result<PgConnection, Error> {
        let options = match database {
            Some(db) => self.admin.clone().database(db),
            None => self.admin.clone(),
        };
        PgConnection::connect_with(&options)
            .await
            .map_err(Error::sql("connecting to the test server"))
    }
}

/// The server shared by all tests of this process: `DATABASE_URL` or a throwaway one.
struct Shared {
    server: Server,
    /// Never dropped, as statics are not: the watchdog stops it when the process ends.
    _local: Option<LocalServer>,
}

async fn shared_server() -> Result<&'static Server, Error> {
    static SHARED: OnceLock<Result<Shared, Arc<Error>>> = OnceLock::new();
    let shared = once(&SHARED, || match std::env::var("DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Ok(Shared {
            server: Server::external(url)?,
            _local: None,
        }),
        _ => {
            let local = LocalServer::launch()?;
            Ok(Shared {
                server: Server::local(&local),
                _local: Some(local),
            })
        }
    })
    .await?;
    Ok(&shared.server)
}

/// The scaled-out server shared by the tests of this process that ask for PgBouncer or a replica:
/// always a throwaway one, with both started.
struct Scaled {
    server: Server,
    template: String,
    // Never dropped: the watchdogs stop them when the process ends.
    _local: LocalServer,
    _pooler: LocalPooler,
    _replica: LocalServer,
}

async fn shared_scaled() -> Result<(&'static Server, &'static str), Error> {
    static SCALED: OnceLock<Result<Scaled, Arc<Error>>> = OnceLock::new();
    let scaled = once(&SCALED, || {
        let local = LocalServer::launch()?;
        let replica = local.launch_replica()?;
        let pooler = LocalPooler::launch(&local)?;
        let server = Server::local(&local)
            .with_pooler(&pooler)
            .with_replica(&replica);
        let template = block_on(ensure_template(&server))??;
        Ok(Scaled {
            server,
            template,
            _local: local,
            _pooler: pooler,
            _replica: replica,
        })
    })
    .await?;
    Ok((&scaled.server, &scaled.template))
}

async fn shared_template() -> Result<(&'static Server, &'static str), Error> {
    static TEMPLATE: OnceLock<Result<String, Arc<Error>>> = OnceLock::new();
    let server = shared_server().await?;
    let template = once(&TEMPLATE, || block_on(ensure_template(server))?).await?;
    Ok((server, template))
}

/// Initialises `cell` once per process, on a thread of its own: each `#[tokio::test]` has a
/// runtime that dies with the test, so the set-up must not live on, or block, any of them.
async fn once<T: Send + Sync + 'static>(
    cell: &'static OnceLock<Result<T, Arc<Error>>>,
    init: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<&'static T, Error> {
    if cell.get().is_none() {
        let (done, wait) = tokio::sync::oneshot::channel();
        std::thread::Builder::new()
            .name("erp-testkit-setup".into())
            .spawn(move || {
                cell.get_or_init(|| init().map_err(Arc::new));
                let _ = done.send(());
            })
            .map_err(Error::io("spawning the set-up thread"))?;
        // A panicking `init` drops `done` unsent and leaves `cell` empty for the next caller.
        wait.await.map_err(|_| Error::SetupPanicked)?;
    }
    match cell.get() {
        Some(Ok(value)) => Ok(value),
        Some(Err(e)) => Err(Error::Setup(e.clone())),
        None => Err(Error::SetupPanicked),
    }
}

/// Runs `future` to completion on a new runtime on the current (non-runtime) thread.
fn block_on<F: Future>(future: F) -> Result<F::Output, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::io("building a tokio runtime"))?;
    Ok(runtime.block_on(future))
}

/// The template for the current migration set on `server`, created if missing.
///
/// The name carries a hash of the migrations, so a stale template is never reused. It is
/// built under a private name and renamed when complete, under an advisory lock, so that
/// concurrent test processes neither build it twice nor clone a half-migrated one.
async fn ensure_template(server: &Server) -> Result<String, Error> {
    let name = template_name();
    let mut admin = server.connect(None).await?;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(TEMPLATE_LOCK)
        .execute(&mut admin)
        .await
        .map_err(Error::sql("locking the template"))?;
    let built = build_template(server, &mut admin, &name).await;
    let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(TEMPLATE_LOCK)
        .execute(&mut admin)
        .await;
    let _ = admin.close().await;
    built?;
    unlocked.map_err(Error::sql("unlocking the template"))?;
    Ok(name)
}

async fn build_template(
    server: &Server,
    admin: &mut PgConnection,
    name: &str,
) -> Result<(), Error> {
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut *admin)
            .await
            .map_err(Error::sql("looking for the template"))?;
    if exists {
        return Ok(());
    }
    let building = format!("{name}_{}_{:08x}", std::process::id(), random() as u32);
    // template0 never has connections, unlike the default template1.
    execute(
        admin,
        format!(r#"CREATE DATABASE "{building}" TEMPLATE template0"#),
        "creating the template",
    )
    .await?;
    let migrated = async {
        let mut conn = server.connect(Some(&building)).await?;
        let result = erp_migrate::MIGRATOR.run(&mut conn).await;
        // Cloning fails while anyone is connected to the template.
        let _ = conn.close().await;
        Ok::<_, Error>(result?)
    }
    .await;
    if let Err(e) = migrated {
        drop_database(admin, &building).await;
        return Err(e);
    }
    // IS_TEMPLATE makes an accidental DROP DATABASE fail; no connections keeps it pristine.
    execute(
        admin,
        format!(r#"ALTER DATABASE "{building}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"#),
        "sealing the template",
    )
    .await?;
    execute(
        admin,
        format!(r#"ALTER DATABASE "{building}" RENAME TO "{name}""#),
        "naming the template",
    )
    .await
}

/// `erp_template_<hash of the migration set>`, stable across processes and builds.
fn template_name() -> String {
    // FNV-1a: std's hashers are not guaranteed stable across Rust releases.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    let migrator = &erp_migrate::MIGRATOR;
    feed(TEMPLATE_FORMAT.as_bytes());
    feed(migrator.table_name.as_bytes());
    for schema in migrator.create_schemas.iter() {
        feed(schema.as_bytes());
    }
    for m in migrator.iter() {
        feed(&m.version.to_le_bytes());
        feed(format!("{:?}/{}/{}", m.migration_type, m.no_tx, m.description).as_bytes());
        feed(&m.checksum);
    }
    format!("erp_template_{hash:016x}")
}

/// Runs a statement that cannot take bind parameters (`CREATE DATABASE` etc.); identifiers
/// in it are generated by this crate.
async fn execute(conn: &mut PgConnection, sql: String, context: &'static str) -> Result<(), Error> {
    sqlx::raw_sql(AssertSqlSafe(sql))
        .execute(conn)
        .await
        .map(drop)
        .map_err(Error::sql(context))
}

async fn drop_database(admin: &mut PgConnection, name: &str) {
    let sql = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
    let _ = execute(admin, sql, "dropping a test database").await;
}

/// Creates a database on `server`, a clone of `template`, and a pool for it.
async fn create_db(server: &Server, template: &str) -> Result<TestDb, Error> {
    // PostgreSQL clones one template concurrently just fine, but clones are I/O-bound: a
    // few at a time is as fast as it gets, and a burst of hundreds only queues up in the
    // server.
    static CLONING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);
    static COUNTER: AtomicU64 = AtomicU64::new(0);

    let name = format!(
        "erp_test_{}_{}_{:08x}",
        COUNTER.fetch_add(1, Ordering::Relaxed),
        std::process::id(),
        random() as u32
    );
    let mut admin = server.connect(None).await?;
    let create = format!(r#"CREATE DATABASE "{name}" TEMPLATE "{template}""#);
    let created = {
        let _turn = CLONING
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let mut attempt = 0;
        loop {
            match execute(&mut admin, create.clone(), "creating a test database").await {
                // 55006 object_in_use: a session is connected to the template (an outside
                // client, or a backend still exiting); PostgreSQL gave up waiting, so retry.
                Err(Error::Sql { source, .. })
                    if attempt < 10 && sqlstate(&source).as_deref() == Some("55006") =>
                {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
                }
                result => break result,
            }
        }
    };
    let _ = admin.close().await;
    created?;
    // A test reads its new database from the replica at once: wait until the replica has it too.
    let replicated = server.wait_for_replica().await;

    // From here on the database exists: the guard drops it on every exit path.
    let guard = DropGuard {
        server: server.clone(),
        name: name.clone(),
    };
    let pool = PgPoolOptions::new()
        .max_connections(POOL_SIZE)
        .test_before_acquire(false)
        .connect_with(server.admin.clone().database(&name))
        .await
        .map_err(Error::sql("connecting to the test database"))?;
    replicated?;
    Ok(TestDb {
        pool,
        url: url::with_database(&server.admin_url, &name),
        admin_url: server.admin_url.clone(),
        pooler_url: server
            .pooler_url
            .as_ref()
            .map(|u| url::with_database(u, &name)),
        replica_url: server
            .replica_url
            .as_ref()
            .map(|u| url::with_database(u, &name)),
        name,
        _guard: guard,
    })
}

fn sqlstate(e: &sqlx::Error) -> Option<String> {
    Some(e.as_database_error()?.code()?.into_owned())
}

/// Drops a test database when the [`TestDb`] goes away.
struct DropGuard {
    server: Server,
    name: String,
}

impl Drop for DropGuard {
    fn drop(&mut self) {
        let server = self.server.clone();
        let name = std::mem::take(&mut self.name);
        // On a thread of its own: the test's runtime may be shutting down, and Drop cannot
        // await. FORCE ends the connections of pool clones the test may still hold.
        let dropper = std::thread::Builder::new()
            .name("erp-testkit-drop".into())
            .spawn(move || {
                let drop_it = async {
                    if let Ok(mut admin) = server.connect(None).await {
                        drop_database(&mut admin, &name).await;
                        let _ = admin.close().await;
                    }
                };
                let _ = block_on(async {
                    tokio::time::timeout(Duration::from_secs(10), drop_it).await
                });
            });
        // The process may exit right after the test: wait, or the database would outlive
        // it on a server we do not remove. A throwaway server takes its databases with it.
        if self.server.external
            && let Ok(dropper) = dropper
        {
            let _ = dropper.join();
        }
    }
}

/// A fresh database of its own for one test; dropped when this handle is dropped.
///
/// The connection pool, [`url`](Self::url) and [`admin_url`](Self::admin_url) all use the
/// server's administrative user (a superuser on the throwaway server, the `DATABASE_URL`
/// user otherwise). Roles are server-wide: tests that create roles should give them unique
/// names, e.g. derived from [`name`](Self::name).
pub struct TestDb {
    pool: PgPool,
    name: String,
    url: String,
    admin_url: String,
    pooler_url: Option<String>,
    replica_url: Option<String>,
    // Last, so that the pool is dropped before the database.
    _guard: DropGuard,
}

impl TestDb {
    /// A new database with every migration of `erp_migrate::MIGRATOR` applied, on the shared
    /// server of this process.
    pub async fn new() -> Result<TestDb, Error> {
        let (server, template) = shared_template().await?;
        create_db(server, template).await
    }

    /// A new migrated database on this process's scaled-out server (always a throwaway one, even
    /// with `DATABASE_URL` set): PgBouncer in transaction pooling mode in front of it
    /// ([`pooler_url`](Self::pooler_url)) and a streaming hot standby of it
    /// ([`replica_url`](Self::replica_url)), started once per process and shared like the server.
    ///
    /// Returns once the replica has the new database. Fails with [`Error::NoPgBouncer`] when the
    /// `pgbouncer` program is not installed.
    pub async fn new_scaled() -> Result<TestDb, Error> {
        let (server, template) = shared_scaled().await?;
        create_db(server, template).await
    }

    /// A new, empty database (a copy of `template0`) on the shared server, for testing the
    /// migrations themselves.
    pub async fn new_unmigrated() -> Result<TestDb, Error> {
        create_db(shared_server().await?, "template0").await
    }

    /// A pool of up to 8 connections to this database, made on the caller's runtime.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A URL for this database, as the administrative user.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A URL for this database as another user, e.g. a role a security test created.
    pub fn url_as(&self, user: &str, password: Option<&str>) -> String {
        url::with_credentials(&self.url, user, password)
    }

    /// A URL for this database through PgBouncer (transaction pooling), as the administrative user;
    /// `None` unless the server runs one ([`TestDb::new_scaled`], [`TestServer::with_pgbouncer`]).
    ///
    /// Through it, each transaction (or statement outside one) may run on another server session:
    /// session state (`SET`, session advisory locks, prepared statements) does not carry over.
    pub fn pooler_url(&self) -> Option<&str> {
        self.pooler_url.as_deref()
    }

    /// [`pooler_url`](Self::pooler_url) as another user: PgBouncer checks the role's password
    /// (SCRAM) against the server's `pg_shadow`.
    pub fn pooler_url_as(&self, user: &str, password: Option<&str>) -> Option<String> {
        let url = self.pooler_url.as_deref()?;
        Some(url::with_credentials(url, user, password))
    }

    /// A URL for this database on the server's streaming hot standby (read-only, possibly a little
    /// behind), as the administrative user; `None` unless the server has one.
    pub fn replica_url(&self) -> Option<&str> {
        self.replica_url.as_deref()
    }

    /// [`replica_url`](Self::replica_url) as another user (roles replicate with everything else).
    pub fn replica_url_as(&self, user: &str, password: Option<&str>) -> Option<String> {
        let url = self.replica_url.as_deref()?;
        Some(url::with_credentials(url, user, password))
    }

    /// A URL for the server's maintenance database (`postgres`, or the one `DATABASE_URL`
    /// names), as the administrative user: for server-wide statements such as `CREATE ROLE`.
    pub fn admin_url(&self) -> &str {
        &self.admin_url
    }
}

impl std::fmt::Debug for TestDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDb").field("url", &self.url).finish()
    }
}

/// A throwaway PostgreSQL server owned by one test, which may stop and start it, e.g. to
/// test reconnection in the middle of a workload. Removed when dropped.
///
/// Always runs from the machine's binaries, even when `DATABASE_URL` is set.
pub struct TestServer {
    local: Arc<LocalServer>,
    server: Server,
    template: tokio::sync::OnceCell<String>,
    pooler: Option<Arc<LocalPooler>>,
    replica: Option<Arc<LocalServer>>,
}

impl TestServer {
    /// Initialises and starts a new server on a free port.
    pub async fn start() -> Result<TestServer, Error> {
        let local = blocking(LocalServer::launch).await?;
        Ok(TestServer {
            server: Server::local(&local),
            local: Arc::new(local),
            template: tokio::sync::OnceCell::new(),
            pooler: None,
            replica: None,
        })
    }

    /// Initialises and starts a new server with PostgreSQL's default durability (`fsync`,
    /// `full_page_writes` and `synchronous_commit` on; [`start`](Self::start) turns them off for
    /// speed), for tests that [`crash`](Self::crash) it and count what survived.
    pub async fn durable() -> Result<TestServer, Error> {
        let local = blocking(|| LocalServer::launch_with(true)).await?;
        Ok(TestServer {
            server: Server::local(&local),
            local: Arc::new(local),
            template: tokio::sync::OnceCell::new(),
            pooler: None,
            replica: None,
        })
    }

    /// Crashes the server: `kill -9` of the postmaster and all its processes, mid-whatever they
    /// were doing; [`start_again`](Self::start_again) recovers it from the WAL on the same data
    /// directory. The data directory may be in RAM (`/dev/shm`): this is a crash of the server, not
    /// of the machine.
    pub async fn crash(&self) -> Result<(), Error> {
        let local = self.local.clone();
        blocking(move || local.crash()).await
    }

    /// The same server with PgBouncer in front of it, in transaction pooling mode, on a free port
    /// of its own, run as the server's OS user and stopped with the server (also when the test
    /// process dies). Databases made afterwards have a [`TestDb::pooler_url`].
    pub async fn with_pgbouncer(mut self) -> Result<TestServer, Error> {
        if self.pooler.is_none() {
            let local = self.local.clone();
            let pooler = blocking(move || LocalPooler::launch(&local)).await?;
            self.server = self.server.clone().with_pooler(&pooler);
            self.pooler = Some(Arc::new(pooler));
        }
        Ok(self)
    }

    /// The same server with a streaming hot standby (`pg_basebackup -R` into a data directory of
    /// its own, on a free port), removed with the server. Databases made afterwards have a
    /// [`TestDb::replica_url`], and are on the replica when [`new_db`](Self::new_db) returns.
    pub async fn with_replica(mut self) -> Result<TestServer, Error> {
        if self.replica.is_none() {
            let local = self.local.clone();
            let replica = blocking(move || local.launch_replica()).await?;
            self.server = self.server.clone().with_replica(&replica);
            self.replica = Some(Arc::new(replica));
        }
        Ok(self)
    }

    /// The URL of the replica's `postgres` database, if [`with_replica`](Self::with_replica) ran.
    pub fn replica_url(&self) -> Option<&str> {
        self.server.replica_url.as_deref()
    }

    /// Shuts the replica down (`-m fast`), as a failed replica would be; reads must do without it.
    pub async fn stop_replica(&self) -> Result<(), Error> {
        let replica = self.replica.clone().ok_or(Error::NoReplica)?;
        blocking(move || replica.stop("fast")).await
    }

    /// Starts the stopped replica again, on the same port; it catches up from the primary.
    pub async fn start_replica_again(&self) -> Result<(), Error> {
        let replica = self.replica.clone().ok_or(Error::NoReplica)?;
        blocking(move || replica.start()).await
    }

    /// Makes the replica apply each commit only `delay` after the primary made it
    /// (`recovery_min_apply_delay`, reloaded at once): a replica that lags by `delay`.
    pub async fn set_replica_apply_delay(&self, delay: Duration) -> Result<(), Error> {
        let url = self.replica_url().ok_or(Error::NoReplica)?;
        let mut conn = PgConnection::connect(url)
            .await
            .map_err(Error::sql("connecting to the replica"))?;
        let sql = format!(
            "ALTER SYSTEM SET recovery_min_apply_delay = '{}ms'",
            delay.as_millis()
        );
        execute(&mut conn, sql, "setting the replica's apply delay").await?;
        execute(
            &mut conn,
            "SELECT pg_reload_conf()".into(),
            "reloading the replica's configuration",
        )
        .await?;
        let _ = conn.close().await;
        Ok(())
    }

    /// The superuser's URL for the server's `postgres` database; it stays the same across
    /// [`stop`](Self::stop) and [`start_again`](Self::start_again).
    pub fn url(&self) -> &str {
        &self.server.admin_url
    }

    /// Shuts the server down (`pg_ctl stop -m fast`: sessions are ended, committed data is
    /// kept); new connections are refused until [`start_again`](Self::start_again).
    ///
    /// A pool keeps retrying to connect until its acquire timeout (30 s for
    /// [`TestDb::pool`]), so a query through it may hang rather than fail while the server is
    /// down; connect directly to [`TestDb::url`] to fail fast.
    pub async fn stop(&self) -> Result<(), Error> {
        let local = self.local.clone();
        blocking(move || local.stop("fast")).await
    }

    /// Starts the stopped server again, on the same port and data directory.
    pub async fn start_again(&self) -> Result<(), Error> {
        let local = self.local.clone();
        blocking(move || local.start()).await
    }

    /// A new migrated database on this server, like [`TestDb::new`]. The server must be
    /// running.
    pub async fn new_db(&self) -> Result<TestDb, Error> {
        let template = self
            .template
            .get_or_try_init(|| ensure_template(&self.server))
            .await?;
        create_db(&self.server, template).await
    }

    /// A new empty database on this server, like [`TestDb::new_unmigrated`].
    pub async fn new_unmigrated_db(&self) -> Result<TestDb, Error> {
        create_db(&self.server, "template0").await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(pooler) = &self.pooler {
            pooler.remove();
        }
        if let Some(replica) = &self.replica {
            replica.remove();
        }
        self.local.remove();
    }
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("url", &self.server.admin_url)
            .finish()
    }
}

/// Runs blocking work (process spawning, waiting for `pg_ctl`) off the caller's runtime.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => value,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}
