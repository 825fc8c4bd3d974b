//! Per-client isolation: signed client claims, the only way a connection acts for a client.
//!
//! The row-level security policies of the agent's per-client tables compare `client_id` with
//! `erp.acting_client()`, which the database computes once per statement from a claim it verifies itself:
//! an HS256 JWT `{"client_id": "...", "exp": <unix seconds>}` signed with the database's key (migration
//! 0008 keeps it in `erp_private`, readable by the schema owner only). The SDK mints the claim with the
//! same key, which the service is given at deploy ([`ClaimKey::from_env`], from `erp-migrate claim-key`).
//! A setting written by hand, a forged or an expired claim makes the database act for nobody: zero rows,
//! and every write refused.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};

use crate::ClientTx;
use crate::db::Tx;
use crate::error::{Error, Result};

/// The setting that carries the claim for the current transaction.
pub const CLIENT_CLAIM_SETTING: &str = "erp.client_claim";

/// The environment variable [`ClaimKey::from_env`] reads: the output of `erp-migrate claim-key`.
pub const CLIENT_CLAIM_KEY_ENV: &str = "ERP_CLIENT_CLAIM_KEY";

/// How long a claim minted by [`begin_as_client`] stays valid: a transaction that outlives it loses
/// its client (the database checks expiry at every statement).
pub const DEFAULT_CLAIM_TTL: Duration = Duration::from_secs(300);

/// The key that signs client claims: the database's `erp_private.client_claim_key` secret (32 to 64 bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct ClaimKey(Vec<u8>);

impl fmt::Debug for ClaimKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClaimKey(<redacted>)")
    }
}

impl ClaimKey {
    /// The key from its text (what `erp-migrate claim-key` prints); 32 to 64 bytes.
    pub fn new(secret: impl Into<String>) -> Result<ClaimKey> {
        let secret = secret.into().into_bytes();
        if !(32..=64).contains(&secret.len()) {
            return Err(Error::invalid(
                "client_claim_key",
                format!("must be 32 to 64 bytes, got {}", secret.len()),
            ));
        }
        Ok(ClaimKey(secret))
    }

    /// The key from [`CLIENT_CLAIM_KEY_ENV`].
    pub fn from_env() -> Result<ClaimKey> {
        let secret = std::env::var(CLIENT_CLAIM_KEY_ENV).map_err(|_| {
            Error::invalid(
                "client_claim_key",
                format!("{CLIENT_CLAIM_KEY_ENV} is not set (its value is `erp-migrate claim-key`)"),
            )
        })?;
        ClaimKey::new(secret.trim().to_owned())
    }

    /// A claim that `client_id` is the acting client, valid for `valid_for`.
    pub fn mint(&self, client_id: &str, valid_for: Duration) -> Result<ClientClaim> {
        check_client_id(client_id)?;
        let exp = SystemTime::now()
            .checked_add(valid_for)
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_secs())
            .filter(|s| *s < 1 << 53)
            .ok_or_else(|| Error::invalid("valid_for", "expiry out of range"))?;
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let claims = serde_json::json!({ "client_id": client_id, "exp": exp });
        let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signing_input = format!("{header}.{payload}");
        let signature = URL_SAFE_NO_PAD.encode(hmac_sha256(&self.0, signing_input.as_bytes()));
        Ok(ClientClaim(format!("{signing_input}.{signature}")))
    }
}

/// A signed claim (an HS256 JWT) that the database verifies before acting for its client; a bearer token:
/// whoever holds it acts for the client until it expires.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientClaim(String);

impl fmt::Debug for ClientClaim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientClaim(<redacted>)")
    }
}

impl ClientClaim {
    /// A claim minted elsewhere (e.g. by the service's auth gateway, with the same key).
    pub fn from_token(token: impl Into<String>) -> ClientClaim {
        ClientClaim(token.into())
    }

    /// The token, e.g. for an `Authorization: Bearer` header to PostgREST.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `(SELECT erp.require_client_scope(<table>, <client>))`: a condition for the WHERE clause of a call that
/// names its client. Under a role that row-level security applies to, it raises (a
/// [`Error::PermissionDenied`]) unless the transaction acts for that client, so a call outside the client's
/// transaction fails loudly instead of reading zero rows; for the owner it is true. An init plan: evaluated
/// once per statement (migration 0012).
pub(crate) fn client_scope(table: &'static str, client_id: &str) -> sea_query::Expr {
    sea_query::Expr::cust_with_values(
        "(SELECT erp.require_client_scope($1, $2))",
        [table, client_id],
    )
}

/// Refuses ids that can never be a client's: empty, or holding a NUL.
fn check_client_id(client_id: &str) -> Result<()> {
    if client_id.is_empty() {
        return Err(Error::invalid("client_id", "must not be empty"));
    }
    if client_id.contains('\0') {
        return Err(Error::invalid("client_id", "must not contain NUL"));
    }
    Ok(())
}

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

/// Acts with `claim` until the end of the current transaction, and checks that the database accepted it
/// for `client_id` (a key that is not the database's fails here, not as silently empty reads).
pub async fn act_with_claim(
    conn: &mut PgConnection,
    claim: &ClientClaim,
    client_id: &str,
) -> Result<()> {
    // OFFSET 0 keeps the subquery, so the setting is made before acting_client() reads it.
    let acting: Option<String> = sqlx::query_scalar(
        "SELECT erp.acting_client() FROM (SELECT set_config($1, $2, true) OFFSET 0) AS claim",
    )
    .bind(CLIENT_CLAIM_SETTING)
    .bind(claim.as_str())
    .persistent(crate::pooler::named_statements())
    .fetch_one(&mut *conn)
    .await?;
    if acting.as_deref() != Some(client_id) {
        return Err(Error::invalid(
            "client_claim",
            format!(
                "the database did not accept the claim for {client_id:?}: expired, or not signed with \
                 the database's key ({CLIENT_CLAIM_KEY_ENV}, from `erp-migrate claim-key`)"
            ),
        ));
    }
    Ok(())
}

/// Acts for `client_id` until the end of the current transaction, with a claim minted with `key`.
/// Outside a transaction the setting would end with the statement, so call it on a transaction.
pub async fn act_as_client(conn: &mut PgConnection, key: &ClaimKey, client_id: &str) -> Result<()> {
    let claim = key.mint(client_id, DEFAULT_CLAIM_TTL)?;
    act_with_claim(conn, &claim, client_id).await
}

/// Begins a transaction acting for `client_id` (see [`act_as_client`]).
pub async fn begin_as_client(pool: &PgPool, key: &ClaimKey, client_id: &str) -> Result<ClientTx> {
    check_client_id(client_id)?;
    let mut tx = Tx::begin(pool).await?;
    act_as_client(&mut tx, key, client_id).await?;
    Ok(ClientTx::new(tx, client_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block is hashed first.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn keys_and_client_ids_are_checked() {
        assert!(ClaimKey::new("short").is_err());
        assert!(ClaimKey::new("k".repeat(65)).is_err());
        let key = ClaimKey::new("k".repeat(32)).unwrap();
        assert_eq!(format!("{key:?}"), "ClaimKey(<redacted>)");
        assert!(key.mint("", DEFAULT_CLAIM_TTL).is_err());
        assert!(key.mint("a\0b", DEFAULT_CLAIM_TTL).is_err());
        assert!(key.mint("acme", Duration::MAX).is_err());
        let claim = key.mint("acme", DEFAULT_CLAIM_TTL).unwrap();
        assert_eq!(claim.as_str().split('.').count(), 3);
    }
}
