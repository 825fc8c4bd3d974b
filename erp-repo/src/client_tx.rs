//! A client-scoped transaction: the client is given once, when it begins, and every per-client call made
//! through it acts for that client.

use agent_model::{
    CasOutcome, Embedding, ForgetReport, MemoryEntryBody, MemoryEntryId, MemoryFact,
    MemoryFactBody, MemoryType, Recalled, Remembered, WorkingState,
};

use crate::agent::{MemoryEntries, MemoryFacts, RecallQuery, WorkingStates, forget_client};
use crate::db::Tx;
use crate::error::Result;
use crate::macros::transaction_connection;

/// A transaction acting for one client, from [`Db::begin_as_client`](crate::Db::begin_as_client): the
/// database holds its signed claim, so row-level security shows and accepts only that client's rows.
///
/// Its methods are the per-client calls of memory-gateway, with the client taken from the transaction. The
/// repository calls that name a client themselves (`MemoryEntries::recall_similar`, `WorkingStates::get_state`,
/// `forget_client`, ...) also take it (`&mut ctx` or `&mut *ctx`); sent outside a transaction acting for
/// their client, under a role that isolation applies to, they fail with [`Error::PermissionDenied`]
/// (migration 0012) rather than reading nothing. Dropping it rolls back.
///
/// [`Error::PermissionDenied`]: crate::Error::PermissionDenied
#[derive(Debug)]
pub struct ClientTx {
    tx: Tx,
    client_id: String,
}

impl ClientTx {
    pub(crate) fn new(tx: Tx, client_id: &str) -> ClientTx {
        ClientTx {
            tx,
            client_id: client_id.to_owned(),
        }
    }

    /// The client this transaction acts for.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Commits; [`Error::TransactionAborted`](crate::Error::TransactionAborted) if a statement had failed.
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await
    }

    /// Rolls back.
    pub async fn rollback(self) -> Result<()> {
        self.tx.rollback().await
    }

    /// Remembers content for this client ([`MemoryEntries::remember`]): idempotent on the content.
    pub async fn remember(&mut self, memory: MemoryEntryBody) -> Result<Remembered> {
        let form = memory.into_form(self.client_id.as_str());
        MemoryEntries::remember(&mut self.tx, &form).await
    }

    /// Remembers several contents for this client in one statement ([`MemoryEntries::remember_many`]).
    pub async fn remember_many(
        &mut self,
        memories: Vec<MemoryEntryBody>,
    ) -> Result<Vec<Remembered>> {
        let forms: Vec<_> = memories
            .into_iter()
            .map(|m| m.into_form(self.client_id.as_str()))
            .collect();
        MemoryEntries::remember_many(&mut self.tx, &forms).await
    }

    /// This client's `k` live memories nearest `embedding` ([`MemoryEntries::recall_similar`]), of these
    /// kinds only when `memory_types` is given.
    pub async fn recall(
        &mut self,
        embedding: &Embedding,
        k: u32,
        memory_types: Option<&[MemoryType]>,
    ) -> Result<Vec<Recalled>> {
        let query = RecallQuery {
            memory_types: memory_types.map(<[MemoryType]>::to_vec),
            ..RecallQuery::new(&self.client_id, embedding, k)
        };
        MemoryEntries::recall_similar(&mut self.tx, &query).await
    }

    /// Forgets one of this client's memories; [`Error::NotFound`](crate::Error::NotFound) if it has no such one.
    pub async fn forget(&mut self, id: MemoryEntryId) -> Result<()> {
        MemoryEntries::forget(&mut *self.tx, &self.client_id, id).await
    }

    /// Forgets everything kept for this client ([`forget_client`]).
    pub async fn forget_everything(&mut self) -> Result<ForgetReport> {
        forget_client(&mut self.tx, &self.client_id).await
    }

    /// This client's working state under `key`, if any.
    pub async fn state(&mut self, key: &str) -> Result<Option<WorkingState>> {
        WorkingStates::get_state(&mut *self.tx, &self.client_id, key).await
    }

    /// Sets this client's working state under `key` if its version is still `expected_version`
    /// ([`WorkingStates::compare_and_set`]; 0: the key must not exist yet).
    pub async fn compare_and_set(
        &mut self,
        key: &str,
        expected_version: i64,
        value: &serde_json::Value,
    ) -> Result<CasOutcome> {
        WorkingStates::compare_and_set(&mut *self.tx, &self.client_id, key, expected_version, value)
            .await
    }

    /// Records a fact about this client ([`MemoryFacts::upsert`]).
    pub async fn upsert_fact(
        &mut self,
        fact: MemoryFactBody,
        overwrite: bool,
    ) -> Result<MemoryFact> {
        let form = fact.into_form(self.client_id.as_str());
        MemoryFacts::upsert(&mut self.tx, &form, overwrite).await
    }

    /// All of this client's facts, by key.
    pub async fn facts(&mut self) -> Result<Vec<MemoryFact>> {
        MemoryFacts::of_client(&mut *self.tx, &self.client_id).await
    }
}

transaction_connection!(ClientTx, tx);
