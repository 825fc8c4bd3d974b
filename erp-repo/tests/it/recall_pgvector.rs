//! The optional pgvector storage (`erp_migrate::pgvector::enable`): the same top-k as the exact path,
//! through the HNSW index; every memory and episode call through PgBouncer with unnamed statements while
//! the `vector` column exists; and back to the signature prefilter after `disable`. The shared recall tests
//! of `recall.rs` also run on this storage (`recall::pgvector::*`).
//!
//! They need the pgvector extension on the test server (CI builds it with scripts/build-pgvector.sh): where
//! it is not installed, each test prints why it is skipped and passes, except under CI (`CI` set), where a
//! missing extension fails the test.

use agent_model::{
    Embedding, EpisodeInsertForm, MemoryEntryId, MemoryEntryInsertForm, MemoryEntryUpdateForm,
};
use erp_repo::agent::{
    BlendQuery, BlendWeights, ContextQuery, EmbeddingStorageKind, EpisodeRecallQuery, Episodes,
    MemoryEntries, MemoryFilter, MemorySort, RecallQuery, Recalled, context_for, embedding_storage,
};
use erp_repo::{Db, DbOptions, PageRequest, SortOrder};
use erp_testkit::TestDb;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgConnection, PgPool};

use crate::recall::{Point, Rng, insert_points, random_embedding};

/// The HNSW index on memories that `enable` creates.
const MEMORY_INDEX: &str = "agent.memory_entries_embedding_vec_idx";

/// Enables pgvector on `db` and returns a new pool (new sessions see the database's `hnsw.*` settings),
/// or `None`, with a message, when the extension is not installed on the server (a failure under CI).
pub(crate) async fn enable_or_skip(db: &TestDb, test: &str) -> Option<PgPool> {
    if !erp_migrate::pgvector::is_available(db.pool())
        .await
        .unwrap()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: the pgvector extension is not installed on the test server, and CI must run the \
             pgvector tests: run scripts/build-pgvector.sh before the tests"
        );
        eprintln!(
            "SKIPPED {test}: the pgvector extension is not installed on the test server \
             (scripts/build-pgvector.sh builds and installs it)"
        );
        return None;
    }
    erp_migrate::pgvector::enable(db.pool()).await.unwrap();
    Some(
        PgPoolOptions::new()
            .max_connections(4)
            .connect(db.url())
            .await
            .unwrap(),
    )
}

/// Index scans of `index` so far in the current transaction of `conn`.
async fn index_scans(conn: &mut PgConnection, index: &str) -> i64 {
    sqlx::query_scalar("SELECT pg_catalog.pg_stat_get_xact_numscans(to_regclass($1))")
        .bind(index)
        .fetch_one(conn)
        .await
        .unwrap()
}

fn ids<T: HasId>(found: &[Recalled<T>]) -> Vec<i64> {
    found.iter().map(|r| r.entry.id()).collect()
}

trait HasId {
    fn id(&self) -> i64;
}

impl HasId for agent_model::MemoryEntry {
    fn id(&self) -> i64 {
        self.id.0
    }
}

impl HasId for agent_model::Episode {
    fn id(&self) -> i64 {
        self.id.0
    }
}

/// Top-`k` by the exact scan.
async fn exact_top(conn: &mut PgConnection, query: &Embedding, k: u32) -> Vec<i64> {
    let exact = MemoryEntries::recall_similar(
        &mut *conn,
        &RecallQuery {
            exact: true,
            ..RecallQuery::new("acme", query, k)
        },
    )
    .await
    .unwrap();
    ids(&exact)
}

/// Top-`k` by the default path with the planner kept off sequential scans and sorts (a small table
/// would not use the index otherwise), with the number of scans of the HNSW index that took: the plan
/// shape of recall on pgvector storage is an index scan of the HNSW index ordered by distance.
async fn recall_through_hnsw(pool: &PgPool, query: &Embedding, k: u32) -> (Vec<i64>, i64) {
    let mut tx = pool.begin().await.unwrap();
    sqlx::raw_sql("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
        .execute(&mut *tx)
        .await
        .unwrap();
    let before = index_scans(&mut tx, MEMORY_INDEX).await;
    let found = MemoryEntries::recall_similar(&mut *tx, &RecallQuery::new("acme", query, k))
        .await
        .unwrap();
    let scans = index_scans(&mut tx, MEMORY_INDEX).await - before;
    tx.rollback().await.unwrap();
    (ids(&found), scans)
}

/// 5 clusters x 40 memories (as recall.rs's nearest-neighbour test).
fn clustered(rng: &mut Rng) -> (Vec<Point>, Vec<Point>, Vec<(String, Point)>) {
    let bank: Vec<Point> = (0..32).map(|_| Point::random(rng, 2)).collect();
    let centroids: Vec<Point> = (0..5).map(|_| Point::random(rng, 8)).collect();
    let mut rows = Vec::new();
    for (c, centroid) in centroids.iter().enumerate() {
        for i in 0..40 {
            rows.push((
                format!("cluster {c} item {i}"),
                centroid.noisy(rng, &bank, 4),
            ));
        }
    }
    (bank, centroids, rows)
}

#[tokio::test]
async fn pgvector_enable_recall_disable_recall() {
    let db = TestDb::new().await.unwrap();
    let Some(pool) = enable_or_skip(&db, "pgvector_enable_recall_disable_recall").await else {
        return;
    };
    // Idempotent.
    erp_migrate::pgvector::enable(&pool).await.unwrap();
    assert!(erp_migrate::pgvector::is_enabled(&pool).await.unwrap());
    assert_eq!(
        embedding_storage(&pool).await.unwrap().kind,
        EmbeddingStorageKind::PgVector
    );
    let ef_search: String = sqlx::query_scalar("SHOW hnsw.ef_search")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(ef_search, "200");

    let mut rng = Rng::new(42);
    let (bank, centroids, rows) = clustered(&mut rng);
    insert_points(&pool, "acme", &rows).await;
    insert_points(&pool, "globex", &rows).await;
    let vec_rows: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM agent.memory_entries WHERE embedding_vec IS NOT NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(vec_rows, 400, "the generated column is filled on insert");

    let query = centroids[3].noisy(&mut rng, &bank, 2).embedding();
    let mut conn = pool.acquire().await.unwrap();
    let exact = exact_top(&mut conn, &query, 10).await;
    let found = MemoryEntries::recall_similar(&mut *conn, &RecallQuery::new("acme", &query, 10))
        .await
        .unwrap();
    assert_eq!(ids(&found), exact);
    let (through_index, scans) = recall_through_hnsw(&pool, &query, 10).await;
    assert!(scans > 0, "recall did not scan the HNSW index");
    assert_eq!(through_index, exact);
    drop(conn);

    erp_migrate::pgvector::disable(&pool).await.unwrap();
    erp_migrate::pgvector::disable(&pool).await.unwrap();
    pool.close().await;
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(db.url())
        .await
        .unwrap();
    assert!(!erp_migrate::pgvector::is_enabled(&pool).await.unwrap());
    assert_eq!(
        embedding_storage(&pool).await.unwrap().kind,
        EmbeddingStorageKind::Bytea
    );
    let reset: Option<String> =
        sqlx::query_scalar("SELECT current_setting('hnsw.ef_search', true)")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_ne!(
        reset.as_deref(),
        Some("200"),
        "the database setting is reset"
    );
    // Back on the signature prefilter: the same top 10.
    let mut conn = pool.acquire().await.unwrap();
    let found = MemoryEntries::recall_similar(&mut *conn, &RecallQuery::new("acme", &query, 10))
        .await
        .unwrap();
    assert_eq!(ids(&found), exact);
    assert_eq!(exact_top(&mut conn, &query, 10).await, exact);
    drop(conn);
    pool.close().await;
}

#[tokio::test]
async fn pgvector_recall_through_hnsw_finds_095_of_the_exact_top_10_on_clustered_data() {
    let db = TestDb::new().await.unwrap();
    let Some(pool) = enable_or_skip(
        &db,
        "pgvector_recall_through_hnsw_finds_095_of_the_exact_top_10_on_clustered_data",
    )
    .await
    else {
        return;
    };
    // The data of recall.rs's prefilter_recall_at_10_is_at_least_095_on_clustered_data: 8 topics x 5
    // subtopics x 50 items.
    let mut rng = Rng::new(2024);
    let bank: Vec<Point> = (0..64).map(|_| Point::random(&mut rng, 2)).collect();
    let offsets: Vec<Point> = (0..16).map(|_| Point::random(&mut rng, 3)).collect();
    let mut subtopics = Vec::new();
    for _ in 0..8 {
        let topic = Point::random(&mut rng, 8);
        for _ in 0..5 {
            subtopics.push(topic.noisy(&mut rng, &offsets, 2));
        }
    }
    let mut rows = Vec::new();
    for (s, sub) in subtopics.iter().enumerate() {
        for i in 0..50 {
            rows.push((
                format!("subtopic {s} item {i}"),
                sub.noisy(&mut rng, &bank, 4),
            ));
        }
    }
    insert_points(&pool, "acme", &rows).await;
    // Another client's copy: filtered out after the index scan, so the iterative scan must go on.
    insert_points(&pool, "globex", &rows).await;

    // HNSW is approximate and builds its graph in a random order, so an exact match is not a property
    // it has (one run of CI missed one neighbour of 100). The bound is issue 14's: recall@10 >= 0.95
    // against the exact scan, over 10 queries.
    let mut conn = pool.acquire().await.unwrap();
    let (mut found, mut wanted) = (0, 0);
    for _ in 0..10 {
        let query = subtopics[rng.below(subtopics.len())]
            .noisy(&mut rng, &bank, 4)
            .embedding();
        let exact = exact_top(&mut conn, &query, 10).await;
        let (through_index, scans) = recall_through_hnsw(&pool, &query, 10).await;
        assert!(scans > 0, "recall did not scan the HNSW index");
        assert_eq!(through_index.len(), 10, "recall returned fewer than k rows");
        wanted += exact.len();
        found += through_index.iter().filter(|id| exact.contains(id)).count();
    }
    let recall = found as f64 / wanted as f64;
    assert!(
        recall >= 0.95,
        "HNSW recall@10 {recall:.3} < 0.95 ({found} of {wanted})"
    );
    drop(conn);
    pool.close().await;
}

/// Every call that reads memory or episode rows, through PgBouncer (unnamed statements, each call in a
/// transaction) while the `vector` column exists: the SDK names its columns, so no row carries the
/// `vector` type, whose lookup by sqlx would discard the unnamed statement mid-call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pgvector_memory_calls_work_through_pgbouncer() {
    let db = TestDb::new_scaled().await.unwrap();
    let Some(pool) = enable_or_skip(&db, "pgvector_memory_calls_work_through_pgbouncer").await
    else {
        return;
    };
    pool.close().await;
    let sdk = Db::connect_with(
        db.pooler_url().unwrap(),
        &DbOptions::default().for_transaction_pooler(),
    )
    .await
    .unwrap();
    let near = random_embedding(1);
    let far = random_embedding(2);

    let mut tx = sdk.begin().await.unwrap();
    let mut form = MemoryEntryInsertForm::new("acme", "near");
    form.embedding = Some(near.clone());
    let one = MemoryEntries::insert(&mut *tx, &form).await.unwrap();
    let mut form = MemoryEntryInsertForm::new("acme", "far");
    form.embedding = Some(far.clone());
    let many = MemoryEntries::insert_many(&mut *tx, &[form.clone()])
        .await
        .unwrap();
    let remembered = MemoryEntries::remember(&mut *tx, &form).await.unwrap();
    assert!(remembered.duplicate);
    assert_eq!(remembered.entry, many[0]);
    assert_eq!(MemoryEntries::get(&mut *tx, one.id).await.unwrap(), one);
    let changed = MemoryEntries::update(
        &mut *tx,
        one.id,
        &MemoryEntryUpdateForm {
            importance: Some(0.9),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(changed.importance, 0.9);
    let page = MemoryEntries::list(
        &mut *tx,
        &MemoryFilter {
            client_id: Some("acme".into()),
            ..Default::default()
        },
        SortOrder::asc(MemorySort::CreatedAt),
        &PageRequest::first(10),
    )
    .await
    .unwrap();
    assert_eq!(page.items.len(), 2);
    tx.commit().await.unwrap();

    let mut tx = sdk.begin().await.unwrap();
    let found = MemoryEntries::recall_similar(&mut *tx, &RecallQuery::new("acme", &near, 2))
        .await
        .unwrap();
    assert_eq!(ids(&found), [one.id.0, many[0].id.0]);
    let blended = MemoryEntries::recall_blended(
        &mut *tx,
        &BlendQuery {
            client_id: "acme",
            embedding: &near,
            k: 2,
            weights: BlendWeights {
                similarity: 1.0,
                recency: 0.0,
                importance: 0.0,
            },
            half_life: chrono::TimeDelta::days(1),
            now: chrono::Utc::now(),
            memory_types: None,
            exact: false,
        },
    )
    .await
    .unwrap();
    assert_eq!(blended[0].entry.id, one.id);
    tx.commit().await.unwrap();

    let mut tx = sdk.begin().await.unwrap();
    let mut episodes = Vec::new();
    for (summary, embedding) in [("near", &near), ("far", &far)] {
        let mut form = EpisodeInsertForm::new("acme", summary);
        form.embedding = Some(embedding.clone());
        episodes.push(form);
    }
    let first = Episodes::insert(&mut *tx, &episodes[0]).await.unwrap();
    Episodes::insert_many(&mut *tx, &episodes[1..])
        .await
        .unwrap();
    let recalled = Episodes::recall_similar(&mut *tx, &EpisodeRecallQuery::new("acme", &near, 2))
        .await
        .unwrap();
    assert_eq!(recalled[0].entry, first);
    assert_eq!(recalled.len(), 2);
    let recent = Episodes::recent(&mut *tx, "acme", 5).await.unwrap();
    assert_eq!(recent.len(), 2);
    let ctx = context_for(&mut *tx, "acme", &ContextQuery::new(Some(&near)))
        .await
        .unwrap();
    assert_eq!(ctx.memories[0].entry.id, one.id);
    assert_eq!(ctx.recent_episodes, recent);
    MemoryEntries::delete(&mut *tx, MemoryEntryId(one.id.0))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    sdk.pool().close().await;
}

/// 1,536 float32s covering every finite sign and exponent (normal and subnormal) with a zero, a random
/// and an all-ones fraction, then both zeros and a few more.
fn every_exponent(rng: &mut Rng) -> Embedding {
    let mut values = Vec::with_capacity(agent_model::EMBEDDING_DIM);
    for sign in 0..2_u32 {
        for exponent in 0..255_u32 {
            for fraction in [0, (rng.next_u64() as u32 & 0x7f_ffff) | 1, 0x7f_ffff] {
                values.push(f32::from_bits(sign << 31 | exponent << 23 | fraction));
            }
        }
    }
    values.extend([0.0, -0.0, 1.0, -1.0, f32::MAX, f32::MIN]);
    Embedding::new(values).unwrap()
}

/// `embedding_vec` of memory `id` as the float32 bits pgvector stores.
async fn stored_vector_bits(pool: &PgPool, id: MemoryEntryId) -> Vec<u32> {
    let values: Vec<f32> =
        sqlx::query_scalar("SELECT embedding_vec::real[] FROM agent.memory_entries WHERE id = $1")
            .bind(id.0)
            .fetch_one(pool)
            .await
            .unwrap();
    values.iter().map(|v| v.to_bits()).collect()
}

/// The generated column holds the stored float32s bit for bit, both for rows that were there when the
/// table was opted in (the table rewrite reads each embedding from TOAST) and for rows inserted after.
#[tokio::test]
async fn pgvector_enable_stores_every_float32_bit_for_bit_on_rewrite_and_insert() {
    let db = TestDb::new().await.unwrap();
    if !erp_migrate::pgvector::is_available(db.pool())
        .await
        .unwrap()
    {
        // enable_or_skip fails under CI or prints why.
        enable_or_skip(&db, "pgvector_enable_stores_every_float32_bit_for_bit").await;
        return;
    }
    let mut rng = Rng::new(7);
    let embedding = every_exponent(&mut rng);
    let insert = |content: &'static str| {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO agent.memory_entries (client_id, content, embedding, embedding_sig) \
             VALUES ('acme', $1, $2, $3::bit(256)) RETURNING id",
        )
        .bind(content)
        .bind(embedding.to_bytes())
        .bind(embedding.signature().to_bit_string())
    };
    let before = MemoryEntryId(insert("before enable").fetch_one(db.pool()).await.unwrap());
    let toasted: i32 = sqlx::query_scalar(
        "SELECT pg_column_size(embedding) FROM agent.memory_entries WHERE id = $1",
    )
    .bind(before.0)
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(
        toasted, 6144,
        "the stored embedding is out of line, uncompressed"
    );
    let pool = enable_or_skip(&db, "pgvector_enable_stores_every_float32_bit_for_bit")
        .await
        .unwrap();
    let after = MemoryEntryId(insert("after enable").fetch_one(&pool).await.unwrap());
    // Kept in the row, so the planner sees what a sequential scan of the vectors costs.
    let storage: Vec<String> = sqlx::query_scalar(
        "SELECT attstorage::text FROM pg_catalog.pg_attribute \
         WHERE attrelid IN ('agent.memory_entries'::regclass, 'agent.episodes'::regclass) \
         AND attname = 'embedding_vec'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(storage, ["p", "p"], "embedding_vec is STORAGE PLAIN");
    let toasted_vec: i32 = sqlx::query_scalar(
        "SELECT pg_column_size(embedding_vec) FROM agent.memory_entries WHERE id = $1",
    )
    .bind(before.0)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        toasted_vec, 6152,
        "the rewritten row holds its vector inline"
    );
    let expected: Vec<u32> = embedding.as_slice().iter().map(|v| v.to_bits()).collect();
    for (when, id) in [("rewrite", before), ("insert", after)] {
        let got = stored_vector_bits(&pool, id).await;
        assert_eq!(got.len(), expected.len(), "{when}");
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(
                g,
                e,
                "{when}, value {i}: {:e} vs {:e}",
                f32::from_bits(*g),
                f32::from_bits(*e)
            );
        }
    }
    pool.close().await;
}
