//! Login roles in the SDK's group roles, so a service's tests run under the role it runs as in production.

use std::time::Duration;

use sqlx::{AssertSqlSafe, Connection, PgConnection};

use crate::server::random;
use crate::{Error, TestDb};

/// The SDK's group roles (migrations 0004 and 0008): each service logs in as a member of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SdkRole {
    /// `erp_planner`, planner-api: reads erp, creates and schedules tasks, ensures sprints, writes plans.
    Planner,
    /// `erp_memory_writer`, memory-gateway: the agent schema per client, and logging execution runs.
    MemoryWriter,
    /// `erp_sync`, the Coda/n8n sync job: reads and writes erp.
    Sync,
    /// `erp_anon`, anything unnamed (PostgREST's anonymous role): no access at all.
    Anon,
}

impl SdkRole {
    /// Every group role, in the order above.
    pub const ALL: [SdkRole; 4] = [
        SdkRole::Planner,
        SdkRole::MemoryWriter,
        SdkRole::Sync,
        SdkRole::Anon,
    ];

    /// The group role's name in the database, e.g. `erp_planner`.
    pub fn group(self) -> &'static str {
        match self {
            SdkRole::Planner => "erp_planner",
            SdkRole::MemoryWriter => "erp_memory_writer",
            SdkRole::Sync => "erp_sync",
            SdkRole::Anon => "erp_anon",
        }
    }
}

/// A `LOGIN` role of its own in one of the SDK's groups, with a random password, made by
/// [`TestDb::login_role`]; dropped (with whatever it owns in the test database) when this handle is.
pub struct LoginRole {
    name: String,
    password: String,
    url: String,
    db_admin_url: String,
    admin_url: String,
    role: SdkRole,
}

impl LoginRole {
    /// The role's name: unique on the server (roles are cluster-wide), e.g. `erp_planner_erp_test_3_..`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The role's password.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// Which SDK group the role is a member of.
    pub fn role(&self) -> SdkRole {
        self.role
    }

    /// A URL for the test database, connecting as this role.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl std::fmt::Debug for LoginRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRole")
            .field("name", &self.name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl TestDb {
    /// Creates a `LOGIN` role in `role`'s group (`CREATE ROLE .. LOGIN PASSWORD .. IN ROLE erp_planner`)
    /// for this database, and returns it with a URL connecting as it: a service under test then has
    /// exactly the privileges it has in production, row-level security included.
    ///
    /// The role is unique to this call (its name carries the database's name and a random suffix) and is
    /// dropped when the returned handle is.
    pub async fn login_role(&self, role: SdkRole) -> Result<LoginRole, Error> {
        let group = role.group();
        let name = format!("{group}_{}_{:04x}", self.name(), random() as u16);
        let password = format!("{:016x}{:016x}", random(), random());
        let mut admin = PgConnection::connect(self.url())
            .await
            .map_err(Error::sql("connecting to the test database"))?;
        // The name is made of [a-z0-9_] only and the password of hex digits: nothing to quote.
        let created = sqlx::query(AssertSqlSafe(format!(
            "CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE {group}"
        )))
        .execute(&mut admin)
        .await
        .map_err(Error::sql("creating a login role"));
        let _ = admin.close().await;
        created?;
        Ok(LoginRole {
            url: self.url_as(&name, Some(&password)),
            db_admin_url: self.url().to_owned(),
            admin_url: self.admin_url().to_owned(),
            name,
            password,
            role,
        })
    }
}

impl Drop for LoginRole {
    fn drop(&mut self) {
        let name = std::mem::take(&mut self.name);
        let db_admin_url = std::mem::take(&mut self.db_admin_url);
        let admin_url = std::mem::take(&mut self.admin_url);
        // On a thread of its own, as the test's runtime may be shutting down; waited for, so that the role
        // does not outlive the test on a server that stays (DATABASE_URL). Best effort: a database already
        // dropped or sessions still open only leave the role behind.
        let dropper = std::thread::Builder::new()
            .name("erp-testkit-drop-role".into())
            .spawn(move || {
                let drop_it = async {
                    if let Ok(mut conn) = PgConnection::connect(&db_admin_url).await {
                        let sql = format!("DROP OWNED BY {name}");
                        let _ = sqlx::query(AssertSqlSafe(sql)).execute(&mut conn).await;
                        let _ = conn.close().await;
                    }
                    if let Ok(mut conn) = PgConnection::connect(&admin_url).await {
                        let sql = format!("DROP ROLE IF EXISTS {name}");
                        let _ = sqlx::query(AssertSqlSafe(sql)).execute(&mut conn).await;
                        let _ = conn.close().await;
                    }
                };
                if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    let _ = runtime.block_on(async {
                        tokio::time::timeout(Duration::from_secs(10), drop_it).await
                    });
                }
            });
        if let Ok(dropper) = dropper {
            let _ = dropper.join();
        }
    }
}
