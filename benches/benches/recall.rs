//! (6) Similarity recall, top 10, over one client's 10 k memories of 1,536 dimensions (and 100 k with
//! `ERP_BENCH_FULL=1`; 2 k in `cargo test`'s test mode), on two data sets: clustered (topics of
//! subtopics) and hard (large flat clusters). In one run per set: `MemoryEntries::recall_similar` through
//! its signature prefilter and its exact path on plain PostgreSQL, then the same database opted in to
//! pgvector (`erp_migrate::pgvector::enable` on the loaded table, timed) and recall through the HNSW index,
//! beside its floor (the top 10 ids straight from the index, hand-written). Each path's recall@10 against
//! the brute-force top 10 is measured in the set-up and printed, whether recall through pgvector scans
//! the HNSW index is printed with the candidate statement's plan, and the HNSW search settings are
//! probed (recall@10 and median latency each), also on the index rebuilt with other build parameters
//! (after the benchmarks). `ERP_BENCH_RECALL_ONLY=100000` runs one size only,
//! `ERP_BENCH_RECALL_SET=flat` (or `clustered`) one data set.
//!
//! The signed client claim's cost (recall and a first page under isolation) is `benches/claim.rs`.

use agent_model::{Embedding, EmbeddingSignature};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use erp_benches::embeddings::{Clusters, FlatClusters, Rng, exact_top};
use erp_benches::{BenchDb, full, runtime, slow};
use erp_repo::agent::{MemoryEntries, RecallQuery};
use erp_repo::{Db, DbOptions};
use sqlx::postgres::PgPoolOptions;

const CLIENT: &str = "acme";
const K: u32 = 10;
const QUERIES: usize = 20;
/// Rows per set-up insert (each about 12 MB of embeddings).
const LOAD_CHUNK: usize = 2_000;
/// The HNSW index `pgvector enable` builds on memories.
const HNSW_INDEX: &str = "agent.memory_entries_embedding_vec_idx";

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

/// recall@10 of the default path on `sdk` against the brute-force top 10, over `queries`.
async fn recall_at_10(
    sdk: &Db,
    members: &[(Embedding, EmbeddingSignature)],
    queries: &[Embedding],
    exact: bool,
) -> f64 {
    let mut conn = sdk.pool().acquire().await.unwrap();
    let mut hits = 0;
    for q in queries {
        let truth: Vec<String> = exact_top(q, members, K as usize)
            .into_iter()
            .map(|i| format!("memory {i}"))
            .collect();
        let found = MemoryEntries::recall_similar(
            &mut conn,
            &RecallQuery {
                exact,
                ..RecallQuery::new(CLIENT, q, K)
            },
        )
        .await
        .unwrap();
        hits += found
            .iter()
            .filter(|r| truth.contains(&r.entry.content))
            .count();
    }
    hits as f64 / (queries.len() * K as usize) as f64
}

/// Opts the loaded database in to pgvector (the table rewrite and the HNSW build, timed) and returns an
/// SDK on new sessions, which see the database's `hnsw.*` settings.
async fn enable_pgvector(db: &BenchDb, label: &str) -> Db {
    // The HNSW build is much slower once its graph no longer fits in maintenance_work_mem.
    let name: String = sqlx::query_scalar("SELECT current_database()")
        .fetch_one(db.pool())
        .await
        .unwrap();
    db.run(&format!(
        "ALTER DATABASE \"{name}\" SET maintenance_work_mem = '2GB'"
    ))
    .await;
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(db.url())
        .await
        .unwrap();
    let started = std::time::Instant::now();
    if let Err(e) = erp_migrate::pgvector::enable(&pool).await {
        panic!(
            "pgvector enable failed (the benchmark needs the extension: scripts/build-pgvector.sh): {e}"
        );
    }
    let enabled = started.elapsed();
    let index_size: String =
        sqlx::query_scalar("SELECT pg_size_pretty(pg_relation_size(to_regclass($1)))")
            .bind(HNSW_INDEX)
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    db.vacuum_analyze(&["agent.memory_entries"]).await;
    eprintln!(
        "recall: {label}: pgvector enabled on the loaded table (rewrite decoding every embedding, then \
         the HNSW build, index {index_size}) in {enabled:?}"
    );
    Db::connect_with(db.url(), &DbOptions::default())
        .await
        .expect("the SDK connects")
}

/// The HNSW search settings beside the database's (`erp_migrate::pgvector::SEARCH_SETTINGS`): recall@10
/// against brute force and the median latency of the SDK's recall over the queries, on one session each.
/// A set-up probe for choosing the defaults; the benchmark group times the defaults.
async fn search_knobs(
    sdk: &Db,
    members: &[(Embedding, EmbeddingSignature)],
    queries: &[Embedding],
    label: &str,
) {
    let settings = [
        ("off", 40),
        ("relaxed_order", 40),
        ("relaxed_order", 100),
        ("relaxed_order", 200),
        ("relaxed_order", 400),
    ];
    for (iterative, ef_search) in settings {
        let mut conn = sdk.pool().acquire().await.unwrap();
        sqlx::query("SELECT set_config('hnsw.iterative_scan', $1, false), set_config('hnsw.ef_search', $2, false)")
            .bind(iterative)
            .bind(ef_search.to_string())
            .execute(&mut *conn)
            .await
            .unwrap();
        let mut hits = 0;
        let mut times = Vec::new();
        for round in 0..3 {
            for q in queries {
                let started = std::time::Instant::now();
                let found =
                    MemoryEntries::recall_similar(&mut *conn, &RecallQuery::new(CLIENT, q, K))
                        .await
                        .unwrap();
                times.push(started.elapsed());
                if round == 0 {
                    let truth: Vec<String> = exact_top(q, members, K as usize)
                        .into_iter()
                        .map(|i| format!("memory {i}"))
                        .collect();
                    hits += found
                        .iter()
                        .filter(|r| truth.contains(&r.entry.content))
                        .count();
                }
            }
        }
        sqlx::raw_sql("RESET hnsw.iterative_scan; RESET hnsw.ef_search")
            .execute(&mut *conn)
            .await
            .unwrap();
        times.sort();
        eprintln!(
            "recall: {label}: HNSW iterative_scan={iterative} ef_search={ef_search}: recall@10 {:.3}, \
             median {:?} over {} calls",
            hits as f64 / (queries.len() * K as usize) as f64,
            times[times.len() / 2],
            times.len()
        );
    }
}

/// The HNSW build parameters tried beside `pgvector enable`'s index (`m`, `ef_construction`).
const INDEX_VARIANTS: [(u32, u32); 2] = [(24, 128), (32, 256)];

/// After the benchmarks on `pgvector enable`'s index: the same index rebuilt with each of
/// `variants` (build timed), probed as [`search_knobs`] does; the last one stays (the benchmarks have
/// run).
async fn index_variants(
    db: &BenchDb,
    sdk: &Db,
    members: &[(Embedding, EmbeddingSignature)],
    queries: &[Embedding],
    variants: &[(u32, u32)],
    label: &str,
) {
    let build = |with: String| {
        format!(
            "SET maintenance_work_mem = '2GB'; DROP INDEX {HNSW_INDEX}; CREATE INDEX memory_entries_embedding_vec_idx \
             ON agent.memory_entries USING hnsw (embedding_vec vector_cosine_ops){with}"
        )
    };
    for &(m, ef_construction) in variants {
        let started = std::time::Instant::now();
        db.run(&build(format!(
            " WITH (m = {m}, ef_construction = {ef_construction})"
        )))
        .await;
        eprintln!(
            "recall: {label}: HNSW index rebuilt with m = {m}, ef_construction = {ef_construction} in {:?}",
            started.elapsed()
        );
        search_knobs(
            sdk,
            members,
            queries,
            &format!("{label} m={m} ef_construction={ef_construction}"),
        )
        .await;
    }
}

/// pgvector's text form of `q`, as the SDK binds it.
fn vector_text(q: &Embedding) -> String {
    let values: Vec<String> = q.as_slice().iter().map(|v| v.to_string()).collect();
    format!("[{}]", values.join(","))
}

/// The SDK's candidate statement on pgvector storage, by hand: the client's 200 live embedded memories
/// nearest by cosine distance, with their embeddings (what the SDK then re-ranks).
const CANDIDATES_SQL: &str = "SELECT id, embedding FROM agent.memory_entries \
     WHERE client_id = $1 AND embedding IS NOT NULL AND (expires_at IS NULL OR expires_at > now()) \
     AND embedding_vec IS NOT NULL ORDER BY embedding_vec <=> CAST($2 AS vector) LIMIT 200";

/// `EXPLAIN (ANALYZE, BUFFERS)` of [`CANDIDATES_SQL`] for `query`, printed.
async fn print_candidate_plan(sdk: &Db, query: &Embedding, label: &str) {
    let plan: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "EXPLAIN (ANALYZE, BUFFERS) {CANDIDATES_SQL}"
    )))
    .bind(CLIENT)
    .bind(vector_text(query))
    .fetch_all(sdk.pool())
    .await
    .unwrap();
    eprintln!(
        "recall: {label}: plan of the candidate statement:\n  {}",
        plan.join("\n  ")
    );
}

/// [`CANDIDATES_SQL`] alone, hand-written sqlx: what the SDK's HNSW path costs before its re-rank.
fn bench_index_candidates(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    rt: &tokio::runtime::Runtime,
    queries: &[Embedding],
    sdk: &Db,
) {
    let texts: Vec<String> = queries.iter().map(vector_text).collect();
    let mut q = 0;
    g.bench_function("sqlx_hnsw_200_candidates", |b| {
        b.to_async(rt).iter(|| {
            q = (q + 1) % texts.len();
            let text = &texts[q];
            async move {
                let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as(CANDIDATES_SQL)
                    .bind(CLIENT)
                    .bind(text)
                    .fetch_all(sdk.pool())
                    .await
                    .unwrap();
                assert_eq!(rows.len(), 200);
                rows
            }
        })
    });
}

/// The same 200 candidates re-ranked on the server by pgvector's distance (ties by id), only the top 10
/// rows with their embeddings sent: what the SDK's HNSW path would cost without fetching every candidate.
fn bench_rerank_in_sql(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    rt: &tokio::runtime::Runtime,
    queries: &[Embedding],
    sdk: &Db,
) {
    let texts: Vec<String> = queries.iter().map(vector_text).collect();
    let mut q = 0;
    g.bench_function("sqlx_hnsw_200_reranked_in_sql", |b| {
        b.to_async(rt).iter(|| {
            q = (q + 1) % texts.len();
            let text = &texts[q];
            async move {
                let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as(
                    "WITH c AS (SELECT id, embedding_vec <=> CAST($2 AS vector) AS d \
                     FROM agent.memory_entries WHERE client_id = $1 AND embedding IS NOT NULL \
                     AND (expires_at IS NULL OR expires_at > now()) AND embedding_vec IS NOT NULL \
                     ORDER BY embedding_vec <=> CAST($2 AS vector) LIMIT 200) \
                     SELECT m.id, m.embedding FROM c JOIN agent.memory_entries m USING (id) \
                     ORDER BY c.d, c.id LIMIT $3",
                )
                .bind(CLIENT)
                .bind(text)
                .bind(i64::from(K))
                .fetch_all(sdk.pool())
                .await
                .unwrap();
                assert_eq!(rows.len(), K as usize);
                rows
            }
        })
    });
}

/// The floor of any HNSW path: the client's top 10 straight from the index, hand-written sqlx (no
/// candidate pool, no re-rank, ids only).
fn bench_index_top10(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    rt: &tokio::runtime::Runtime,
    queries: &[Embedding],
    sdk: &Db,
) {
    let texts: Vec<String> = queries.iter().map(vector_text).collect();
    let mut q = 0;
    g.bench_function("sqlx_hnsw_top10_ids", |b| {
        b.to_async(rt).iter(|| {
            q = (q + 1) % texts.len();
            let text = &texts[q];
            async move {
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT id FROM agent.memory_entries WHERE client_id = $1 \
                     ORDER BY embedding_vec <=> CAST($2 AS vector) LIMIT $3",
                )
                .bind(CLIENT)
                .bind(text)
                .bind(i64::from(K))
                .fetch_all(sdk.pool())
                .await
                .unwrap();
                assert_eq!(ids.len(), K as usize);
                ids
            }
        })
    });
}

/// Scans of the HNSW index so far in `conn`'s transaction.
async fn index_scans(conn: &mut sqlx::PgConnection) -> i64 {
    sqlx::query_scalar("SELECT pg_catalog.pg_stat_get_xact_numscans(to_regclass($1))")
        .bind(HNSW_INDEX)
        .fetch_one(conn)
        .await
        .unwrap()
}

/// Index scans of the HNSW index by one default recall, without any planner setting: the plan shape.
async fn hnsw_scans(sdk: &Db, query: &Embedding) -> i64 {
    let mut tx = sdk.pool().begin().await.unwrap();
    let before = index_scans(&mut tx).await;
    MemoryEntries::recall_similar(&mut *tx, &RecallQuery::new(CLIENT, query, K))
        .await
        .unwrap();
    let after = index_scans(&mut tx).await;
    tx.rollback().await.unwrap();
    after - before
}

/// One recall path as a benchmark of `g`: top 10 of the next query, from a pooled connection.
fn bench_path(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    rt: &tokio::runtime::Runtime,
    queries: &[Embedding],
    name: &str,
    sdk: &Db,
    exact: bool,
) {
    let mut q = 0;
    g.bench_function(name, |b| {
        b.to_async(rt).iter(|| {
            q = (q + 1) % queries.len();
            let query = &queries[q];
            async move {
                let mut conn = sdk.pool().acquire().await.unwrap();
                let found = MemoryEntries::recall_similar(
                    &mut conn,
                    &RecallQuery {
                        exact,
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
}

/// The data sets: each one's name, members of the client, and queries.
type DataSet = (
    &'static str,
    Vec<(Embedding, EmbeddingSignature)>,
    Vec<Embedding>,
);

fn data_sets(n: usize) -> Vec<DataSet> {
    let mut rng = Rng::new(2024 + n as u64);
    let clusters = Clusters::new(n, &mut rng);
    let clustered = clusters.members(n, 7);
    let clustered_queries: Vec<Embedding> =
        (0..QUERIES).map(|_| clusters.query(&mut rng)).collect();
    let flat = FlatClusters::new(n, &mut rng);
    let flat_members = flat.members(n, 9);
    let flat_queries: Vec<Embedding> = (0..QUERIES).map(|_| flat.query(&mut rng)).collect();
    vec![
        ("clustered", clustered, clustered_queries),
        ("flat", flat_members, flat_queries),
    ]
}

fn recall(c: &mut Criterion) {
    let rt = runtime();
    let only: Option<usize> = std::env::var("ERP_BENCH_RECALL_ONLY")
        .ok()
        .and_then(|v| v.parse().ok());
    let sizes = if test_mode() {
        vec![2_000_usize]
    } else if let Some(n) = only {
        vec![n]
    } else if full() {
        vec![10_000, 100_000]
    } else {
        vec![10_000]
    };
    for n in sizes {
        let started = std::time::Instant::now();
        let sets = data_sets(n);
        let others = Clusters::new(1_000, &mut Rng::new(8)).members(1_000, 8);
        eprintln!(
            "recall: 2 x {n} embeddings generated in {:?}",
            started.elapsed()
        );
        let only_set = std::env::var("ERP_BENCH_RECALL_SET").ok();
        for (set, members, queries) in &sets {
            if only_set.as_deref().is_some_and(|only| only != *set) {
                continue;
            }
            let started = std::time::Instant::now();
            let db = rt.block_on(BenchDb::new());
            rt.block_on(async {
                load(&db, CLIENT, members).await;
                load(&db, "other", &others).await;
                db.vacuum_analyze(&["agent.memory_entries"]).await;
            });
            eprintln!(
                "recall: {set} {n} memories loaded in {:?}",
                started.elapsed()
            );
            let (prefilter, exact) = rt.block_on(async {
                (
                    recall_at_10(&db.sdk, members, queries, false).await,
                    recall_at_10(&db.sdk, members, queries, true).await,
                )
            });

            let queries = &queries[..];
            let mut g = c.benchmark_group(format!("recall_top10_{set}_{n}"));
            g.sampling_mode(SamplingMode::Flat);
            bench_path(&mut g, &rt, queries, "sdk_prefilter", &db.sdk, false);
            bench_path(&mut g, &rt, queries, "sdk_exact", &db.sdk, true);
            // Then the same database opted in to pgvector, as an existing deployment would be: `enable`
            // rewrites the loaded table (decoding every embedding) and builds the HNSW index.
            let vector_sdk = rt.block_on(enable_pgvector(&db, &format!("{set} {n}")));
            let (hnsw, scans) = rt.block_on(async {
                (
                    recall_at_10(&vector_sdk, members, queries, false).await,
                    hnsw_scans(&vector_sdk, &queries[0]).await,
                )
            });
            // The planner may prefer a scan of the client's rows and a sort (it does at 2 k): printed with
            // the plan of the same candidate statement by hand, not asserted, so the run keeps its figures.
            if scans == 0 {
                eprintln!(
                    "recall: {set} {n}: the SDK's recall did NOT scan {HNSW_INDEX}; plan of the candidate \
                     statement by hand:"
                );
            }
            rt.block_on(print_candidate_plan(
                &vector_sdk,
                &queries[0],
                &format!("{set} {n}"),
            ));
            rt.block_on(search_knobs(
                &vector_sdk,
                members,
                queries,
                &format!("{set} {n}"),
            ));
            bench_path(&mut g, &rt, queries, "sdk_hnsw", &vector_sdk, false);
            bench_index_top10(&mut g, &rt, queries, &vector_sdk);
            bench_index_candidates(&mut g, &rt, queries, &vector_sdk);
            bench_rerank_in_sql(&mut g, &rt, queries, &vector_sdk);
            g.finish();
            // A rebuild on the flat set takes minutes each: one variant there.
            let variants: &[(u32, u32)] = if *set == "clustered" {
                &INDEX_VARIANTS
            } else {
                &INDEX_VARIANTS[..1]
            };
            rt.block_on(index_variants(
                &db,
                &vector_sdk,
                members,
                queries,
                variants,
                &format!("{set} {n}"),
            ));
            eprintln!(
                "recall: {set} {n} memories, recall@10 against brute force over {QUERIES} queries: \
                 prefilter {prefilter:.3}, exact {exact:.3}, pgvector HNSW {hnsw:.3} \
                 (HNSW index scanned: {scans} scan(s) by one recall)"
            );
            rt.block_on(vector_sdk.pool().close());
            drop(db);
        }
    }
}

criterion_group! {
    name = benches;
    config = slow();
    targets = recall
}
criterion_main!(benches);
