//! The signed client claim's cost (issue 12's isolation, issue 14's target: within 1.1× of the owner):
//! recall and a first page of `MemoryEntries::list` in a transaction acting for the client
//! (`Db::begin_as_client`, a login role of `erp_memory_writer`, row security on) beside the same calls as
//! the owner in a plain transaction, in paired rounds. One client's clustered memories of 1,536
//! dimensions (2 k in `cargo test`'s test mode, 10 k, and 100 k too with `ERP_BENCH_FULL=1`) beside 1,000
//! of another client.
//!
//! The claim's parts are measured apart: `owner_*_claimed` is the owner making the same claim in its
//! transaction (`isolation::act_as_client`, the round trip of `begin_as_client`) without row security.
//! `ERP_BENCH_EXPLAIN=1` also prints `EXPLAIN (ANALYZE, BUFFERS)` of the page's statement as the owner and
//! as the client.

use agent_model::{Embedding, EmbeddingSignature};
use criterion::{Criterion, criterion_group, criterion_main};
use erp_benches::embeddings::{Clusters, Rng};
use erp_benches::paired::{self, Call};
use erp_benches::{BenchDb, full, runtime, slow};
use erp_repo::agent::{MemoryEntries, MemoryFilter, MemorySort, RecallQuery};
use erp_repo::isolation::{self, ClaimKey};
use erp_repo::{Db, DbOptions, PageRequest, SortOrder};
use futures_util::FutureExt;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

const CLIENT: &str = "acme";
const K: u32 = 10;
/// Rows per set-up insert (each about 12 MB of embeddings).
const LOAD_CHUNK: usize = 2_000;

/// `cargo test` runs benchmarks without `--bench`: criterion's test mode, one call each, on small data.
fn test_mode() -> bool {
    !std::env::args().any(|a| a == "--bench")
}

/// Loads `members` as `client`'s memories `memory 0 ..`, through UNNEST in chunks.
async fn load(db: &BenchDb, client: &str, members: &[(Embedding, EmbeddingSignature)]) {
    for (c, chunk) in members.chunks(LOAD_CHUNK).enumerate() {
        let first = c * LOAD_CHUNK;
        let contents: Vec<String> = (first..first + chunk.len())
            .map(|i| format!("memory {i}"))
            .collect();
        let embeddings: Vec<&Embedding> = chunk.iter().map(|(e, _)| e).collect();
        let signatures: Vec<EmbeddingSignature> = chunk.iter().map(|(_, s)| *s).collect();
        sqlx::query(
            "INSERT INTO agent.memory_entries (client_id, content, importance, embedding, embedding_sig)
             SELECT $1, content, 0.5, embedding, embedding_sig
             FROM unnest($2::text[], $3::bytea[], $4::bit(256)[]) AS m(content, embedding, embedding_sig)",
        )
        .bind(client)
        .bind(&contents)
        .bind(&embeddings)
        .bind(&signatures)
        .execute(db.pool())
        .await
        .expect("memories load");
    }
}

/// A login role of `erp_memory_writer` on `db`, an SDK connected as it with the database's claim key,
/// and the key.
async fn memory_writer(db: &BenchDb) -> (Db, String, ClaimKey) {
    let name: String = sqlx::query_scalar("SELECT 'erp_bench_writer_' || current_database()")
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.run(&format!(
        "CREATE ROLE {name} LOGIN PASSWORD 'bench' IN ROLE erp_memory_writer"
    ))
    .await;
    let secret: String = sqlx::query_scalar("SELECT secret FROM erp_private.client_claim_key")
        .fetch_one(db.pool())
        .await
        .unwrap();
    let key = ClaimKey::new(secret).unwrap();
    let options: PgConnectOptions = db.url().parse().unwrap();
    // The SDK's pool settings (`DbOptions::default()`, as the owner's pool has): sqlx's own default pings
    // every connection before checkout, an extra round trip the owner's calls do not pay.
    let defaults = DbOptions::default();
    let pool = PgPoolOptions::new()
        .max_connections(defaults.max_connections)
        .test_before_acquire(defaults.test_before_acquire)
        .connect_with(options.username(&name).password("bench"))
        .await
        .unwrap();
    let sdk = Db::new(pool).with_client_claim_key(key.clone());
    (sdk, name, key)
}

fn first_page_filter() -> MemoryFilter {
    MemoryFilter {
        client_id: Some(CLIENT.into()),
        ..Default::default()
    }
}

fn page() -> PageRequest {
    PageRequest::first(50)
}

fn order() -> SortOrder<MemorySort> {
    SortOrder::asc(MemorySort::CreatedAt)
}

/// `EXPLAIN (ANALYZE, BUFFERS)` of the first page's statement (as the SDK sends it), as the owner and as
/// the client.
async fn explain_page(owner: &Db, writer: &Db) {
    let sql = "SELECT * FROM agent.memory_entries WHERE client_id = $1 \
               AND (expires_at IS NULL OR expires_at > now()) ORDER BY created_at ASC, id ASC LIMIT $2";
    let mut tx = owner.begin().await.unwrap();
    let plan = plan_of(&mut tx, sql).await;
    tx.rollback().await.unwrap();
    eprintln!("claim: first page as the owner:\n{plan}");
    let mut tx = writer.begin_as_client(CLIENT).await.unwrap();
    let plan = plan_of(&mut tx, sql).await;
    tx.rollback().await.unwrap();
    eprintln!("claim: first page as the client:\n{plan}");
}

/// `EXPLAIN (ANALYZE, BUFFERS)` of `sql` bound to the first page's values, on `conn`.
async fn plan_of(conn: &mut sqlx::PgConnection, sql: &str) -> String {
    let plan: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "EXPLAIN (ANALYZE, BUFFERS) {sql}"
    )))
    .bind(CLIENT)
    .bind(51_i64)
    .fetch_all(conn)
    .await
    .unwrap();
    plan.join("\n")
}

/// The claim's cost: recall and a first page of 50 under isolation beside the owner without it.
fn claim_cost(
    c: &mut Criterion,
    rt: &tokio::runtime::Runtime,
    db: &BenchDb,
    query: &Embedding,
    n: usize,
) {
    let (writer, role, key) = rt.block_on(memory_writer(db));
    let owner = &db.sdk;
    let writer = &writer;
    let key = &key;
    let variants: Vec<(&'static str, Call<'_>)> = vec![
        (
            "owner_recall",
            Box::new(move || {
                async move {
                    let mut tx = owner.begin().await.unwrap();
                    let found =
                        MemoryEntries::recall_similar(&mut tx, &RecallQuery::new(CLIENT, query, K))
                            .await
                            .unwrap();
                    assert_eq!(found.len(), K as usize);
                    tx.commit().await.unwrap();
                }
                .boxed_local()
            }),
        ),
        (
            "client_recall",
            Box::new(move || {
                async move {
                    let mut tx = writer.begin_as_client(CLIENT).await.unwrap();
                    let found = tx.recall(query, K, None).await.unwrap();
                    assert_eq!(found.len(), K as usize);
                    tx.commit().await.unwrap();
                }
                .boxed_local()
            }),
        ),
    ];
    paired::compare(
        c,
        rt,
        &format!("claim_recall_{n}"),
        variants,
        &["owner_recall"],
    );
    let variants: Vec<(&'static str, Call<'_>)> = vec![
        (
            "owner_list",
            Box::new(move || {
                async move {
                    let mut tx = owner.begin().await.unwrap();
                    let got = MemoryEntries::list(&mut *tx, &first_page_filter(), order(), &page())
                        .await
                        .unwrap();
                    assert_eq!(got.items.len(), 50);
                    tx.commit().await.unwrap();
                }
                .boxed_local()
            }),
        ),
        (
            "owner_list_claimed",
            Box::new(move || {
                async move {
                    let mut tx = owner.begin().await.unwrap();
                    isolation::act_as_client(&mut tx, key, CLIENT)
                        .await
                        .unwrap();
                    let got = MemoryEntries::list(&mut *tx, &first_page_filter(), order(), &page())
                        .await
                        .unwrap();
                    assert_eq!(got.items.len(), 50);
                    tx.commit().await.unwrap();
                }
                .boxed_local()
            }),
        ),
        (
            "client_list",
            Box::new(move || {
                async move {
                    let mut tx = writer.begin_as_client(CLIENT).await.unwrap();
                    let got = MemoryEntries::list(&mut *tx, &first_page_filter(), order(), &page())
                        .await
                        .unwrap();
                    assert_eq!(got.items.len(), 50);
                    tx.commit().await.unwrap();
                }
                .boxed_local()
            }),
        ),
    ];
    paired::compare(c, rt, &format!("claim_list_{n}"), variants, &["owner_list"]);
    rt.block_on(async {
        if std::env::var("ERP_BENCH_EXPLAIN").is_ok_and(|v| v == "1") {
            explain_page(owner, writer).await;
        }
        writer.pool().close().await;
        db.run(&format!("DROP OWNED BY {role}; DROP ROLE {role}"))
            .await;
    });
}

fn claim(c: &mut Criterion) {
    let rt = runtime();
    let sizes = if test_mode() {
        vec![2_000_usize]
    } else if full() {
        vec![10_000, 100_000]
    } else {
        vec![10_000]
    };
    for n in sizes {
        let started = std::time::Instant::now();
        let mut rng = Rng::new(2024 + n as u64);
        let clusters = Clusters::new(n, &mut rng);
        let members = clusters.members(n, 7);
        let query = clusters.query(&mut rng);
        let others = Clusters::new(1_000, &mut Rng::new(8)).members(1_000, 8);
        let db = rt.block_on(BenchDb::new());
        rt.block_on(async {
            load(&db, CLIENT, &members).await;
            load(&db, "other", &others).await;
            db.vacuum_analyze(&["agent.memory_entries"]).await;
        });
        eprintln!(
            "claim: {n} memories generated and loaded in {:?}",
            started.elapsed()
        );
        claim_cost(c, &rt, &db, &query, n);
    }
}

criterion_group! {
    name = benches;
    config = slow();
    targets = claim
}
criterion_main!(benches);
