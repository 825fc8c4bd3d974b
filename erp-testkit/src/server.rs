//! A throwaway PostgreSQL cluster run from the machine's server binaries.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::ErrorKind;
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::{env, fs};

use crate::Error;

/// The superuser `initdb` creates, whatever the OS user.
pub(crate) const SUPERUSER: &str = "postgres";

// Durability is worthless for a database that is deleted at exit; many tests each hold a pool.
// Autovacuum is off so that no worker is ever connected to a template being cloned; a small
// max_wal_size bounds the WAL that database clones leave behind (the cluster may be in RAM).
// Dynamic shared memory lives in the data directory rather than /dev/shm, so that it goes
// with the directory even when a server is killed.
const SETTINGS: &str = "
listen_addresses = '127.0.0.1'
fsync = off
full_page_writes = off
synchronous_commit = off
max_connections = 300
autovacuum = off
max_wal_size = '256MB'
dynamic_shared_memory_type = mmap
wal_level = replica
max_wal_senders = 4
";

// Appended (the last setting wins) for a server that must keep what it acknowledged through a crash:
// PostgreSQL's defaults, so that a commit returns only once its WAL is flushed.
const DURABLE_SETTINGS: &str = "
fsync = on
full_page_writes = on
synchronous_commit = on
";

// Added to a hot standby's copy of the primary's configuration: feedback keeps the primary's vacuum
// from removing rows a replica read still needs (no query cancellations under a write load).
const STANDBY_SETTINGS: &str = "
hot_standby = on
hot_standby_feedback = on
";

/// Waits for the test process to end, then stops the server and deletes its directory: Rust
/// runs no destructors for statics, and a test process may also be killed.
/// Arguments: the pid to watch, the directory, then the stop command.
const WATCHDOG: &str = r#"pid=$1 dir=$2
shift 2
trap '' INT HUP
while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
"$@" >/dev/null 2>&1
rm -rf "$dir"
"#;

/// One cluster in its own directory: `data/`, `server.log`, and the unix socket.
pub(crate) struct LocalServer {
    bindir: PathBuf,
    dir: PathBuf,
    port: u16,
    run_as: RunAs,
}

impl LocalServer {
    /// Starts a hot standby of this (running) server: `pg_basebackup -R` into a directory of its own,
    /// streaming from this server, on a free port; removed like this one when the process ends.
    pub(crate) fn launch_replica(&self) -> Result<LocalServer, Error> {
        let dir = make_dir(&self.run_as)?;
        let mut replica = LocalServer {
            bindir: self.bindir.clone(),
            dir,
            port: 0,
            run_as: self.run_as.clone(),
        };
        if let Err(e) = replica.spawn_watchdog() {
            let _ = fs::remove_dir_all(&replica.dir);
            return Err(e);
        }
        match replica
            .base_backup_of(self)
            .and_then(|()| replica.start_on_free_port())
        {
            Ok(()) => Ok(replica),
            Err(e) => {
                replica.remove();
                Err(e)
            }
        }
    }

    /// The port the server listens on.
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// The OS user the server runs as, which its companions (the pooler) run as too.
    pub(crate) fn run_as(&self) -> &RunAs {
        &self.run_as
    }

    fn base_backup_of(&self, primary: &LocalServer) -> Result<(), Error> {
        // -R writes standby.signal and primary_conninfo; -X stream copies the WAL of the backup itself.
        // PATH may hold links to initdb, pg_ctl and postgres only: pg_basebackup sits next to
        // where they lead.
        let mut program = self.bindir.join("pg_basebackup");
        if !program.is_file()
            && let Ok(real) = fs::canonicalize(self.bindir.join("postgres"))
            && let Some(dir) = real.parent()
        {
            program = dir.join("pg_basebackup");
        }
        let mut cmd = self.run_as.command(&program);
        cmd.current_dir(&self.dir).stdin(Stdio::null());
        let out = cmd
            .arg("-D")
            .arg(self.data())
            .args([
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
                "--no-sync",
                "-h",
                "127.0.0.1",
            ])
            .arg("-p")
            .arg(primary.port.to_string())
            .args(["-U", SUPERUSER])
            .output()
            .map_err(Error::io("running pg_basebackup"))?;
        if !out.status.success() {
            return Err(Error::Server {
                step: "copy (pg_basebackup)",
                output: format!("{} ({})", output_text(&out), out.status),
                log_tail: primary.log_tail(),
            });
        }
        // The copied configuration names the primary's socket directory; the last setting wins.
        let conf = self.data().join("postgresql.conf");
        let mut text = fs::read_to_string(&conf)
            .map_err(Error::io("reading the standby's postgresql.conf"))?;
        text.push_str(STANDBY_SETTINGS);
        let socket_dir = self.dir.display().to_string().replace('\'', "''");
        text.push_str(&format!("unix_socket_directories = '{socket_dir}'\n"));
        fs::write(&conf, text).map_err(Error::io("writing the standby's postgresql.conf"))
    }

    /// Creates, configures and starts a new cluster on a free port.
    pub(crate) fn launch() -> Result<Self, Error> {
        Self::launch_with(false)
    }

    /// Like [`launch`](Self::launch), with PostgreSQL's default durability when `durable`.
    pub(crate) fn launch_with(durable: bool) -> Result<Self, Error> {
        let bindir = find_bindir()?;
        let run_as = RunAs::detect()?;
        let dir = make_dir(&run_as)?;
        let mut server = LocalServer {
            bindir,
            dir,
            port: 0,
            run_as,
        };
        if let Err(e) = server.spawn_watchdog() {
            let _ = fs::remove_dir_all(&server.dir);
            return Err(e);
        }
        match server
            .initdb(durable)
            .and_then(|()| server.start_on_free_port())
        {
            Ok(()) => Ok(server),
            Err(e) => {
                server.remove();
                Err(e)
            }
        }
    }

    /// The superuser's URL for the `postgres` database.
    pub(crate) fn admin_url(&self) -> String {
        // The server has no certificate; say so, rather than let PGSSLMODE decide.
        format!(
            "postgres://{SUPERUSER}@127.0.0.1:{}/postgres?sslmode=disable",
            self.port
        )
    }

    /// Starts the (stopped) server again, on the same port and data.
    pub(crate) fn start(&self) -> Result<(), Error> {
        let out = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.log())
            .args(["-w", "-t", "60", "-s", "-o"])
            .arg(format!("-p {}", self.port))
            .arg("start")
            .output()
            .map_err(Error::io("running pg_ctl start"))?;
        self.check("start", &out)
    }

    /// Stops the server; `mode` is a `pg_ctl -m` mode.
    pub(crate) fn stop(&self, mode: &str) -> Result<(), Error> {
        let out = self
            .stop_command(mode)
            .output()
            .map_err(Error::io("running pg_ctl stop"))?;
        self.check("stop", &out)
    }

    /// Crashes the server: SIGKILL to the postmaster and every process it started, as a power cut or
    /// the OOM killer would end them, with no shutdown checkpoint; returns once all are gone.
    /// [`start`](Self::start) then runs crash recovery from the WAL.
    pub(crate) fn crash(&self) -> Result<(), Error> {
        let pid_file = fs::read_to_string(self.data().join("postmaster.pid"))
            .map_err(Error::io("reading postmaster.pid"))?;
        let postmaster: u32 = pid_file
            .lines()
            .next()
            .and_then(|l| l.trim().parse().ok())
            .ok_or_else(|| Error::Server {
                step: "crash (no pid in postmaster.pid)",
                output: pid_file.clone(),
                log_tail: self.log_tail(),
            })?;
        let mut pids = vec![postmaster];
        pids.extend(children_of(postmaster));
        // The postmaster first, so that it starts no new child; then the children it had.
        for pid in &pids {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while pids
            .iter()
            .any(|p| Path::new(&format!("/proc/{p}")).exists())
        {
            if std::time::Instant::now() > deadline {
                return Err(Error::Server {
                    step: "crash (processes still alive after SIGKILL)",
                    output: format!("{pids:?}"),
                    log_tail: self.log_tail(),
                });
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Ok(())
    }

    /// Stops the server, if running, and deletes its directory.
    pub(crate) fn remove(&self) {
        let _ = self.stop("immediate");
        let _ = fs::remove_dir_all(&self.dir);
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn log(&self) -> PathBuf {
        self.dir.join("server.log")
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = self.run_as.command(&self.bindir.join(program));
        // The caller's working directory may not be readable by the `postgres` user.
        cmd.current_dir(&self.dir).stdin(Stdio::null());
        cmd
    }

    fn stop_command(&self, mode: &str) -> Command {
        let mut cmd = self.command("pg_ctl");
        cmd.arg("-D")
            .arg(self.data())
            .args(["-m", mode, "-w", "-t", "60", "-s", "stop"]);
        cmd
    }

    fn check(&self, step: &'static str, out: &Output) -> Result<(), Error> {
        if out.status.success() {
            return Ok(());
        }
        Err(Error::Server {
            step,
            output: format!("{} ({})", output_text(out), out.status),
            log_tail: self.log_tail(),
        })
    }

    fn log_tail(&self) -> String {
        let log = fs::read_to_string(self.log()).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn spawn_watchdog(&self) -> Result<(), Error> {
        spawn_watchdog(&self.dir, &self.stop_command("immediate"))
    }

    fn initdb(&self, durable: bool) -> Result<(), Error> {
        let mut failure = String::new();
        // C.UTF-8 sorts bytewise like C but keeps lower()/upper() Unicode-aware; not every libc
        // has it.
        for locale in ["C.UTF-8", "C"] {
            let out = self
                .command("initdb")
                .arg("-D")
                .arg(self.data())
                .args(["-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--no-sync"])
                .arg(format!("--locale={locale}"))
                .output()
                .map_err(Error::io("running initdb"))?;
            if out.status.success() {
                let conf = self.data().join("postgresql.conf");
                let mut text = fs::read_to_string(&conf)
                    .map_err(Error::io("reading the new postgresql.conf"))?;
                text.push_str(SETTINGS);
                if durable {
                    text.push_str(DURABLE_SETTINGS);
                }
                let socket_dir = self.dir.display().to_string().replace('\'', "''");
                text.push_str(&format!("unix_socket_directories = '{socket_dir}'\n"));
                return fs::write(&conf, text).map_err(Error::io("writing postgresql.conf"));
            }
            failure = format!("{} ({})", output_text(&out), out.status);
            let _ = fs::remove_dir_all(self.data());
        }
        Err(Error::Server {
            step: "initialise (initdb)",
            output: failure,
            log_tail: String::new(),
        })
    }

    fn start_on_free_port(&mut self) -> Result<(), Error> {
        let mut attempts = 0;
        loop {
            self.port = free_port()?;
            let _ = fs::remove_file(self.log());
            match self.start() {
                // Someone else may take the port between our probe and the server's bind.
                Err(Error::Server { log_tail, .. })
                    if attempts < 3 && log_tail.contains("Address already in use") =>
                {
                    attempts += 1;
                }
                result => return result,
            }
        }
    }
}

/// The processes whose parent is `pid` (Linux `/proc`; none elsewhere). Zombies are left: they hold nothing.
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
            fs::read_to_string(format!("/proc/{child}/stat"))
                .ok()
                .and_then(|stat| {
                    let rest = stat.rsplit_once(')')?.1;
                    rest.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(pid)
        })
        .collect()
}

/// Runs `stop`, then deletes `dir`, once the test process has ended (see [`WATCHDOG`]).
pub(crate) fn spawn_watchdog(dir: &Path, stop: &Command) -> Result<(), Error> {
    Command::new("sh")
        .arg("-c")
        .arg(WATCHDOG)
        .arg("erp-testkit-watchdog")
        .arg(std::process::id().to_string())
        .arg(dir)
        .arg(stop.get_program())
        .args(stop.get_args())
        .current_dir("/")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Out of the test's process group, so a Ctrl-C of `cargo test` leaves it to clean up.
        .process_group(0)
        .spawn()
        .map(drop)
        .map_err(Error::io("spawning the watchdog shell"))
}

/// Which OS user runs the server programs.
#[derive(Clone)]
pub(crate) enum RunAs {
    /// The current user.
    Me,
    /// The `postgres` user, because we are root and initdb and postgres refuse to run as root.
    Postgres { uid: u32, gid: u32 },
}

impl RunAs {
    fn detect() -> Result<Self, Error> {
        if effective_uid() != Some(0) {
            return Ok(RunAs::Me);
        }
        let id = |flag: &str| {
            let out = Command::new("id").args([flag, SUPERUSER]).output().ok()?;
            let text = String::from_utf8_lossy(&out.stdout);
            out.status.success().then(|| text.trim().parse().ok())?
        };
        match (id("-u"), id("-g")) {
            (Some(uid), Some(gid)) => Ok(RunAs::Postgres { uid, gid }),
            _ => Err(Error::NoPostgresUser),
        }
    }

    /// The user and group to hand files to, when not the current user.
    pub(crate) fn owner(&self) -> Option<(u32, u32)> {
        match self {
            RunAs::Me => None,
            RunAs::Postgres { uid, gid } => Some((*uid, *gid)),
        }
    }

    pub(crate) fn command(&self, program: &Path) -> Command {
        match self {
            RunAs::Me => Command::new(program),
            RunAs::Postgres { .. } => match find_program("runuser", &["/usr/sbin", "/sbin"]) {
                Some(runuser) => {
                    let mut cmd = Command::new(runuser);
                    cmd.args(["-u", SUPERUSER, "--"]).arg(program);
                    cmd
                }
                None => {
                    // `su` takes one shell command; pass the program and its arguments as
                    // positional parameters so that nothing needs quoting.
                    let mut cmd = Command::new("su");
                    cmd.args(["-s", "/bin/sh", SUPERUSER, "-c", r#"exec "$0" "$@""#])
                        .arg(program);
                    cmd
                }
            },
        }
    }
}

fn effective_uid() -> Option<u32> {
    // /proc/self/status: "Uid:\t<real>\t<effective>\t<saved>\t<fs>".
    if let Ok(status) = fs::read_to_string("/proc/self/status")
        && let Some(line) = status.lines().find(|l| l.starts_with("Uid:"))
    {
        return line.split_whitespace().nth(2)?.parse().ok();
    }
    let out = Command::new("id").arg("-u").output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// The first directory with `initdb`, `pg_ctl` and `postgres`: PATH, then
/// `pg_config --bindir`, then the newest `/usr/lib/postgresql/<version>/bin`.
fn find_bindir() -> Result<PathBuf, Error> {
    let complete = |dir: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|p| dir.join(p).is_file())
    };
    let in_path = env::var_os("PATH")
        .map(|path| env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    if let Some(dir) = in_path.into_iter().find(|d| complete(d)) {
        return Ok(dir);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if complete(&dir) {
            return Ok(dir);
        }
    }
    let version =
        |name: &str| -> Option<Vec<u32>> { name.split('.').map(|n| n.parse().ok()).collect() };
    fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let v = version(entry.file_name().to_str()?)?;
            let dir = entry.path().join("bin");
            complete(&dir).then_some((v, dir))
        })
        .max()
        .map(|(_, dir)| dir)
        .ok_or(Error::NoPostgres)
}

pub(crate) fn find_program(name: &str, extra_dirs: &[&str]) -> Option<PathBuf> {
    let path = env::var_os("PATH").unwrap_or_default();
    env::split_paths(&path)
        .chain(extra_dirs.iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// A new private directory for the cluster, owned by the user that will run it.
pub(crate) fn make_dir(run_as: &RunAs) -> Result<PathBuf, Error> {
    // tmpfs makes CREATE DATABASE about ten times faster than a disk. As root the server
    // runs as `postgres`, which must be able to reach the directory: /dev/shm and /tmp are
    // world-traversable, while $TMPDIR may be under /root.
    let base = match run_as {
        _ if shm_has_room() => PathBuf::from("/dev/shm"),
        RunAs::Me => env::temp_dir(),
        RunAs::Postgres { .. } => PathBuf::from("/tmp"),
    };
    loop {
        let dir = base.join(format!(
            "erp-testkit-{}-{:08x}",
            std::process::id(),
            random() as u32
        ));
        match fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => {
                if let RunAs::Postgres { uid, gid } = run_as
                    && let Err(e) = std::os::unix::fs::chown(&dir, Some(*uid), Some(*gid))
                {
                    let _ = fs::remove_dir(&dir);
                    return Err(Error::io(
                        "handing the server directory to the postgres user",
                    )(e));
                }
                return Ok(dir);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io("creating the server directory")(e)),
        }
    }
}

/// Whether /dev/shm has at least 4 GiB free: containers often cap it at 64 MiB.
fn shm_has_room() -> bool {
    let Ok(out) = Command::new("df").args(["-Pk", "/dev/shm"]).output() else {
        return false;
    };
    // POSIX format: a header line, then "filesystem blocks used available capacity mount".
    let text = String::from_utf8_lossy(&out.stdout);
    let available_kib = text
        .lines()
        .nth(1)
        .and_then(|line| line.split_whitespace().nth(3))
        .and_then(|n| n.parse::<u64>().ok());
    out.status.success() && available_kib.is_some_and(|kib| kib >= 4 << 20)
}

pub(crate) fn free_port() -> Result<u16, Error> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(Error::io("finding a free TCP port"))
}

pub(crate) fn output_text(out: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.trim().to_owned()
}

/// A random number, different on every call: `RandomState` is seeded randomly per instance.
pub(crate) fn random() -> u64 {
    RandomState::new().build_hasher().finish()
}
