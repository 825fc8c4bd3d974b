//! A throwaway PgBouncer in transaction pooling mode in front of a throwaway server.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use std::{fs, thread};

use crate::Error;
use crate::server::{
    LocalServer, SUPERUSER, find_program, free_port, make_dir, output_text, spawn_watchdog,
};

/// One PgBouncer in its own directory: `pgbouncer.ini`, `userlist.txt`, `hba.conf`, its log and pid file.
pub(crate) struct LocalPooler {
    dir: PathBuf,
    port: u16,
}

impl LocalPooler {
    /// Starts PgBouncer on a free port, pooling transactions to `server`, as the user the server runs as
    /// (PgBouncer, like PostgreSQL, refuses to run as root).
    pub(crate) fn launch(server: &LocalServer) -> Result<Self, Error> {
        let program = find_program("pgbouncer", &["/usr/sbin", "/usr/local/sbin", "/usr/bin"])
            .ok_or(Error::NoPgBouncer)?;
        let dir = make_dir(server.run_as())?;
        let mut pooler = LocalPooler { dir, port: 0 };
        if let Err(e) = spawn_watchdog(&pooler.dir, &pooler.stop_command()) {
            let _ = fs::remove_dir_all(&pooler.dir);
            return Err(e);
        }
        let mut attempts = 0;
        loop {
            pooler.port = free_port()?;
            match pooler.start(server, &program) {
                // Someone else may take the port between our probe and PgBouncer's bind.
                Err(Error::Server { log_tail, .. })
                    if attempts < 3 && log_tail.contains("Address already in use") =>
                {
                    attempts += 1;
                }
                Ok(()) => return Ok(pooler),
                Err(e) => {
                    pooler.remove();
                    return Err(e);
                }
            }
        }
    }

    /// The port PgBouncer listens on (127.0.0.1).
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// Stops PgBouncer and deletes its directory.
    pub(crate) fn remove(&self) {
        let _ = self.stop_command().output();
        let _ = fs::remove_dir_all(&self.dir);
    }

    fn start(&self, server: &LocalServer, program: &Path) -> Result<(), Error> {
        self.write_config(server)?;
        let _ = fs::remove_file(self.dir.join("pgbouncer.log"));
        let out = server
            .run_as()
            .command(program)
            .arg("-d")
            .arg(self.dir.join("pgbouncer.ini"))
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .map_err(Error::io("running pgbouncer"))?;
        if !out.status.success() {
            return Err(self.failure(format!("{} ({})", output_text(&out), out.status)));
        }
        // `-d` returns once the daemon forked; wait until it accepts connections.
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if Instant::now() > deadline {
                return Err(self.failure("pgbouncer did not listen within 10 s".into()));
            }
            thread::sleep(Duration::from_millis(20));
        }
        Ok(())
    }

    fn failure(&self, output: String) -> Error {
        let log = fs::read_to_string(self.dir.join("pgbouncer.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        Error::Server {
            step: "start pgbouncer for",
            output,
            log_tail: lines[lines.len().saturating_sub(30)..].join("\n"),
        }
    }

    fn write_config(&self, server: &LocalServer) -> Result<(), Error> {
        let dir = self.dir.display();
        // The superuser logs in without a password, like on the server (trust); any other role with
        // its password, which PgBouncer looks up in pg_shadow as the superuser (auth_query), so roles
        // a test creates work through the pooler at once. sqlx sends extra_float_digits at start-up,
        // which PgBouncer does not track: ignored (the server's default, 1, is as exact for floats).
        let ini = format!(
            "[databases]
* = host=127.0.0.1 port={server_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
pool_mode = transaction
auth_type = hba
auth_hba_file = {dir}/hba.conf
auth_file = {dir}/userlist.txt
auth_user = {SUPERUSER}
max_client_conn = 2000
default_pool_size = 20
max_db_connections = 0
ignore_startup_parameters = extra_float_digits
logfile = {dir}/pgbouncer.log
pidfile = {dir}/pgbouncer.pid
log_connections = 0
log_disconnections = 0
",
            server_port = server.port(),
            port = self.port,
        );
        let files = [
            ("pgbouncer.ini", ini),
            ("userlist.txt", format!("\"{SUPERUSER}\" \"\"\n")),
            (
                "hba.conf",
                format!(
                    "host all {SUPERUSER} 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
                ),
            ),
        ];
        for (name, text) in files {
            let path = self.dir.join(name);
            fs::write(&path, text).map_err(Error::io("writing the pgbouncer configuration"))?;
            if let Some((uid, gid)) = server.run_as().owner() {
                std::os::unix::fs::chown(&path, Some(uid), Some(gid)).map_err(Error::io(
                    "handing the pgbouncer files to the postgres user",
                ))?;
            }
        }
        Ok(())
    }

    fn stop_command(&self) -> Command {
        // SIGTERM: immediate shutdown (SIGINT would wait for clients to finish).
        let mut cmd = Command::new("sh");
        cmd.args([
            "-c",
            r#"[ -f "$1" ] && kill -TERM "$(cat "$1")" 2>/dev/null; exit 0"#,
            "erp-testkit-pgbouncer-stop",
        ])
        .arg(self.dir.join("pgbouncer.pid"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        cmd
    }
}
