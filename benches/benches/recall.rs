//! (6) Similarity recall, top 10, over one client's 10 k memories of 1,536 dimensions (and 100 k with
//! `ERP_BENCH_FULL=1`), without pgvector: `MemoryEntries::recall_similar` through its signature
//! prefilter and through its exact path, on clustered synthetic embeddings. The prefilter's recall@10
//! against exact cosine is measured in the set-up and printed.

use std::collections::HashMap;

use agent_model::{Embedding, EmbeddingSignature};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use erp_benches::embeddings::{Clusters, Rng, exact_top};
use erp_benches::{BenchDb, full, runtime, slow};
use erp_repo::agent::{MemoryEntries, RecallQuery};

const CLIENT: &str = "acme";
const K: u32 = 10;
const QUERIES: usize = 20;
/// Rows per set-up insert (each about 12 MB of embeddings).
const LOAD_CHUNK: usize = 2_000;

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

fn recall(c: &mut Criterion) {
    let rt = runtime();
    let mut sizes = vec![10_000_usize];
    if full() {
        sizes.push(100_000);
    }
    for n in sizes {
        let db = rt.block_on(BenchDb::new());
        let started = std::time::Instant::now();
        let mut rng = Rng::new(2024 + n as u64);
        let clusters = Clusters::new(n, &mut rng);
        let members = clusters.members(n, 7);
        let others = Clusters::new(1_000, &mut rng).members(1_000, 8);
        let queries: Vec<Embedding> = (0..QUERIES).map(|_| clusters.query(&mut rng)).collect();
        eprintln!(
            "recall: {n} embeddings generated in {:?}",
            started.elapsed()
        );
        rt.block_on(async {
            load(&db, CLIENT, &members).await;
            load(&db, "other", &others).await;
            db.vacuum_analyze(&["agent.memory_entries"]).await;
        });
        eprintln!("recall: {n} memories loaded in {:?}", started.elapsed());

        // recall@10 of the prefilter against exact cosine, and the exact path against the truth.
        let (hits, exact_ok) = rt.block_on(async {
            let mut conn = db.pool().acquire().await.unwrap();
            let mut hits = 0;
            let mut exact_ok = 0;
            for q in &queries {
                let truth: Vec<String> = exact_top(q, &members, K as usize)
                    .into_iter()
                    .map(|i| format!("memory {i}"))
                    .collect();
                let found =
                    MemoryEntries::recall_similar(&mut conn, &RecallQuery::new(CLIENT, q, K))
                        .await
                        .unwrap();
                hits += found
                    .iter()
                    .filter(|r| truth.contains(&r.entry.content))
                    .count();
                let exact = MemoryEntries::recall_similar(
                    &mut conn,
                    &RecallQuery {
                        exact: true,
                        ..RecallQuery::new(CLIENT, q, K)
                    },
                )
                .await
                .unwrap();
                let got: HashMap<&str, ()> = exact
                    .iter()
                    .map(|r| (r.entry.content.as_str(), ()))
                    .collect();
                if truth.iter().all(|t| got.contains_key(t.as_str())) {
                    exact_ok += 1;
                }
            }
            (hits, exact_ok)
        });
        eprintln!(
            "recall: {n} memories, prefilter recall@10 over {QUERIES} queries = {:.3}; exact path matched \
             brute force on {exact_ok}/{QUERIES} queries",
            hits as f64 / (QUERIES * K as usize) as f64
        );

        let db = &db;
        let queries = &queries;
        let mut g = c.benchmark_group(format!("recall_top10_{n}"));
        g.sampling_mode(SamplingMode::Flat);
        let mut q = 0;
        g.bench_function("sdk_prefilter", |b| {
            b.to_async(&rt).iter(|| {
                q = (q + 1) % QUERIES;
                let query = &queries[q];
                async move {
                    let mut conn = db.pool().acquire().await.unwrap();
                    let found = MemoryEntries::recall_similar(
                        &mut conn,
                        &RecallQuery::new(CLIENT, query, K),
                    )
                    .await
                    .unwrap();
                    assert_eq!(found.len(), K as usize);
                    found
                }
            })
        });
        g.bench_function("sdk_exact", |b| {
            b.to_async(&rt).iter(|| {
                q = (q + 1) % QUERIES;
                let query = &queries[q];
                async move {
                    let mut conn = db.pool().acquire().await.unwrap();
                    let found = MemoryEntries::recall_similar(
                        &mut conn,
                        &RecallQuery {
                            exact: true,
                            ..RecallQuery::new(CLIENT, query, K)
                        },
                    )
                    .await
                    .unwrap();
                    assert_eq!(found.len(), K as usize);
                    found
                }
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = slow();
    targets = recall
}
criterion_main!(benches);
