use std::collections::HashMap;
use std::sync::OnceLock;

use agent_model::{
    ClientProfileInsertForm, EMBEDDING_DIM, Embedding, EmbeddingSignature, EpisodeInsertForm,
    MemoryEntryId, MemoryEntryInsertForm, MemoryFactInsertForm, MemoryType, SIGNATURE_BITS,
    SIGNATURE_SEED,
};
use chrono::{TimeDelta, Utc};
use erp_repo::Error;
use erp_repo::agent::{
    BlendQuery, BlendWeights, ClientProfiles, ContextQuery, EmbeddingStorage, EmbeddingStorageKind,
    EpisodeRecallQuery, Episodes, MemoryEntries, MemoryFacts, RecallQuery, WorkingStates,
    check_embedding_storage, context_for, embedding_storage, parse_embedding,
    parse_embedding_bytes,
};
use erp_testkit::TestDb;
use serde_json::json;
use sqlx::PgPool;

// ---- Deterministic synthetic embeddings ------------------------------------------------------------
//
// Every value is an integer k standing for k/8, so every f32 sum the SimHash definition computes is exact
// and a projection on a hyperplane is linear: proj(a + b) = proj(a) + proj(b). Vectors built as a base
// plus a few "bank" vectors get their signature from precomputed projections, in microseconds, instead
// of the ~15 ms a debug build of `EmbeddingSignature::of` needs per embedding. Test data is inserted
// with those signatures through SQL; a sample is checked against `EmbeddingSignature::of` itself.

/// splitmix64, for reproducible data.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `lo..=hi`.
    pub(crate) fn int(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i32
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The signature hyperplanes exactly as `agent_model::embedding` documents them (+1 / -1 per component),
/// plane after plane in one flat array.
fn planes() -> &'static [i32] {
    static PLANES: OnceLock<Vec<i32>> = OnceLock::new();
    PLANES.get_or_init(|| {
        let mut rng = Rng::new(SIGNATURE_SEED);
        let mut signs = Vec::with_capacity(SIGNATURE_BITS * EMBEDDING_DIM);
        for _ in 0..SIGNATURE_BITS {
            let words: Vec<u64> = (0..EMBEDDING_DIM / 64).map(|_| rng.next_u64()).collect();
            for i in 0..EMBEDDING_DIM {
                signs.push(if (words[i / 64] >> (i % 64)) & 1 == 1 {
                    -1
                } else {
                    1
                });
            }
        }
        signs
    })
}

/// An integer vector (value k means k/8) with its projections on the 256 hyperplanes.
#[derive(Clone)]
pub(crate) struct Point {
    pub(crate) values: Vec<i32>,
    proj: Vec<i64>,
}

impl Point {
    /// A dense random point with integer components in `-spread..=spread`.
    pub(crate) fn random(rng: &mut Rng, spread: i32) -> Point {
        let values: Vec<i32> = (0..EMBEDDING_DIM)
            .map(|_| rng.int(-spread, spread))
            .collect();
        let signs = planes();
        let mut proj = vec![0i64; SIGNATURE_BITS];
        // Plain indexed loops: tests run unoptimised, where iterator chains cost far more.
        for (p, out) in proj.iter_mut().enumerate() {
            let plane = &signs[p * EMBEDDING_DIM..(p + 1) * EMBEDDING_DIM];
            let mut sum = 0i32;
            for i in 0..EMBEDDING_DIM {
                sum += plane[i] * values[i];
            }
            *out = i64::from(sum);
        }
        Point { values, proj }
    }

    /// `self + sum(coefficient * point)`, projections by linearity.
    pub(crate) fn plus(&self, terms: &[(i32, &Point)]) -> Point {
        let mut out = self.clone();
        for &(a, p) in terms {
            for (o, v) in out.values.iter_mut().zip(&p.values) {
                *o += a * v;
            }
            for (o, v) in out.proj.iter_mut().zip(&p.proj) {
                *o += i64::from(a) * v;
            }
        }
        out
    }

    /// `self` plus `terms` random bank vectors with coefficient ±1.
    pub(crate) fn noisy(&self, rng: &mut Rng, bank: &[Point], terms: usize) -> Point {
        let picked: Vec<(i32, &Point)> = (0..terms)
            .map(|_| {
                (
                    if rng.next_u64() & 1 == 0 { 1 } else { -1 },
                    &bank[rng.below(bank.len())],
                )
            })
            .collect();
        self.plus(&picked)
    }

    pub(crate) fn embedding(&self) -> Embedding {
        Embedding::new(self.values.iter().map(|&k| k as f32 / 8.0).collect()).unwrap()
    }

    /// The stored form of [`Point::embedding`], without the checks.
    fn embedding_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(EMBEDDING_DIM * 4);
        for &k in &self.values {
            bytes.extend_from_slice(&(k as f32 / 8.0).to_le_bytes());
        }
        bytes
    }

    /// Exact cosine similarity, computed as the repository does (every step is exact in f64 until the
    /// square roots and the division, which are the same operations on the same numbers).
    fn cosine(&self, other: &Point) -> f64 {
        let (mut dot, mut aa, mut bb) = (0i64, 0i64, 0i64);
        for i in 0..EMBEDDING_DIM {
            let (a, b) = (i64::from(self.values[i]), i64::from(other.values[i]));
            dot += a * b;
            aa += a * a;
            bb += b * b;
        }
        (dot as f64 / 64.0) / ((aa as f64 / 64.0).sqrt() * (bb as f64 / 64.0).sqrt())
    }

    /// The signature `EmbeddingSignature::of(&self.embedding())` computes, from the projections.
    pub(crate) fn signature(&self) -> EmbeddingSignature {
        let mut bytes = [0u8; 32];
        for (p, &v) in self.proj.iter().enumerate() {
            if v > 0 {
                bytes[p / 8] |= 0x80 >> (p % 8);
            }
        }
        EmbeddingSignature(bytes)
    }
}

/// A dense random embedding, for the few rows that go through the repository's own insert.
pub(crate) fn random_embedding(seed: u64) -> Embedding {
    Point::random(&mut Rng::new(seed), 8).embedding()
}

/// Inserts embedded memories with precomputed signatures (test data only; see the note above) and
/// returns their ids by content.
pub(crate) async fn insert_points(
    pool: &PgPool,
    client_id: &str,
    rows: &[(String, Point)],
) -> HashMap<String, MemoryEntryId> {
    let contents: Vec<String> = rows.iter().map(|(c, _)| c.clone()).collect();
    let embeddings: Vec<Vec<u8>> = rows.iter().map(|(_, p)| p.embedding_bytes()).collect();
    let signatures: Vec<String> = rows
        .iter()
        .map(|(_, p)| p.signature().to_bit_string())
        .collect();
    let ids: Vec<(i64, String)> = sqlx::query_as(
        "INSERT INTO agent.memory_entries (client_id, content, embedding, embedding_sig) \
         SELECT $1, c, e, s::bit(256) FROM unnest($2::text[], $3::bytea[], $4::text[]) AS u(c, e, s) \
         RETURNING id, content",
    )
    .bind(client_id)
    .bind(&contents)
    .bind(&embeddings)
    .bind(&signatures)
    .fetch_all(pool)
    .await
    .unwrap();
    ids.into_iter()
        .map(|(id, c)| (c, MemoryEntryId(id)))
        .collect()
}

fn cosine(a: &Embedding, b: &Embedding) -> f64 {
    let (mut dot, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.as_slice().iter().zip(b.as_slice()) {
        let (x, y) = (f64::from(x), f64::from(y));
        dot += x * y;
        aa += x * x;
        bb += y * y;
    }
    dot / (aa.sqrt() * bb.sqrt())
}

/// The true top-k by cosine (ties by id), computed here from the vectors.
fn brute_force_top(
    query: &Point,
    rows: &[(MemoryEntryId, &Point)],
    k: usize,
) -> Vec<MemoryEntryId> {
    let mut scored: Vec<(f64, MemoryEntryId)> =
        rows.iter().map(|(id, p)| (query.cosine(p), *id)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.0.cmp(&b.1.0)));
    scored.into_iter().take(k).map(|(_, id)| id).collect()
}

#[test]
fn synthetic_signatures_match_the_model() {
    let mut rng = Rng::new(7);
    let bank: Vec<Point> = (0..4).map(|_| Point::random(&mut rng, 2)).collect();
    let base = Point::random(&mut rng, 8);
    for p in [base.clone(), base.noisy(&mut rng, &bank, 4)] {
        assert_eq!(p.signature(), EmbeddingSignature::of(&p.embedding()));
    }
}

// ---- Recall ---------------------------------------------------------------------------------------

/// The recall tests below run on both embedding storages: `recall::plain::<test>` on the migrations'
/// bytea column with the signature prefilter, `recall::pgvector::<test>` with the optional pgvector
/// storage enabled (`erp_migrate::pgvector::enable`: the HNSW index gives the candidates; the test says
/// why it is skipped where the extension is not installed, and fails so under CI).
macro_rules! on_both_storages {
    ($($test:ident),* $(,)?) => {
        mod plain {
            $(
                #[tokio::test]
                async fn $test() {
                    let db = erp_testkit::TestDb::new().await.unwrap();
                    super::$test(db.pool()).await;
                }
            )*
        }
        mod pgvector {
            $(
                #[tokio::test]
                async fn $test() {
                    let db = erp_testkit::TestDb::new().await.unwrap();
                    let test = concat!("recall::pgvector::", stringify!($test));
                    if let Some(pool) = crate::recall_pgvector::enable_or_skip(&db, test).await {
                        super::$test(&pool).await;
                        pool.close().await;
                    }
                }
            )*
        }
    };
}

on_both_storages!(
    recall_returns_the_known_nearest_neighbours,
    prefilter_recall_at_10_is_at_least_095_on_clustered_data,
    ties_are_ranked_by_id,
    bad_query_embeddings_are_invalid_input,
    episodes_are_recalled_by_similarity,
    blended_recall_weighs_and_explains_its_ranking,
    context_for_gathers_a_client_in_one_statement,
);

async fn recall_returns_the_known_nearest_neighbours(pool: &PgPool) {
    let mut rng = Rng::new(42);
    let bank: Vec<Point> = (0..32).map(|_| Point::random(&mut rng, 2)).collect();
    let centroids: Vec<Point> = (0..5).map(|_| Point::random(&mut rng, 8)).collect();
    let mut rows = Vec::new();
    for (c, centroid) in centroids.iter().enumerate() {
        for i in 0..40 {
            rows.push((
                format!("cluster {c} item {i}"),
                centroid.noisy(&mut rng, &bank, 4),
            ));
        }
    }
    let ids = insert_points(pool, "acme", &rows).await;
    // Same content, same vectors, another client: must never show up.
    insert_points(pool, "globex", &rows).await;
    // No embedding: never recalled.
    MemoryEntries::insert(
        pool,
        &MemoryEntryInsertForm::new("acme", "cluster 3 without embedding"),
    )
    .await
    .unwrap();

    let query_point = centroids[3].noisy(&mut rng, &bank, 2);
    let query = query_point.embedding();
    let mut conn = pool.acquire().await.unwrap();
    let found = MemoryEntries::recall_similar(&mut conn, &RecallQuery::new("acme", &query, 10))
        .await
        .unwrap();
    assert_eq!(found.len(), 10);
    assert!(
        found
            .iter()
            .all(|r| r.entry.client_id == "acme" && r.entry.content.starts_with("cluster 3 item"))
    );
    // Best first, and each similarity is the exact cosine.
    for pair in found.windows(2) {
        assert!(pair[0].similarity >= pair[1].similarity);
    }
    for r in &found {
        assert!((r.similarity - cosine(&query, r.entry.embedding.as_ref().unwrap())).abs() < 1e-12);
    }
    let all: Vec<(MemoryEntryId, &Point)> = rows.iter().map(|(c, p)| (ids[c], p)).collect();
    assert_eq!(
        found.iter().map(|r| r.entry.id).collect::<Vec<_>>(),
        brute_force_top(&query_point, &all, 10)
    );
    let exact = MemoryEntries::recall_similar(
        &mut conn,
        &RecallQuery {
            exact: true,
            ..RecallQuery::new("acme", &query, 10)
        },
    )
    .await
    .unwrap();
    assert_eq!(exact, found);

    // A kind filter that matches nothing of the cluster.
    let none = MemoryEntries::recall_similar(
        &mut conn,
        &RecallQuery {
            memory_types: Some(vec![MemoryType::Procedural]),
            ..RecallQuery::new("acme", &query, 10)
        },
    )
    .await
    .unwrap();
    assert!(none.is_empty());
}

async fn prefilter_recall_at_10_is_at_least_095_on_clustered_data(pool: &PgPool) {
    let mut rng = Rng::new(2024);
    // 8 topics x 5 subtopics x 50 items = 2,000 memories; each topic (250) is larger than the 200
    // candidates, so the prefilter has to rank within a topic, not just find it. Items vary within a
    // subtopic along a shared 64-vector "bank" (low intrinsic dimension, like real embeddings).
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
    for (_, p) in rows.iter().take(3) {
        assert_eq!(p.signature(), EmbeddingSignature::of(&p.embedding()));
    }
    let ids = insert_points(pool, "acme", &rows).await;
    let all: Vec<(MemoryEntryId, &Point)> = rows.iter().map(|(c, p)| (ids[c], p)).collect();

    let mut conn = pool.acquire().await.unwrap();
    let queries = 10;
    let mut hits = 0;
    for q in 0..queries {
        let query_point = subtopics[rng.below(subtopics.len())].noisy(&mut rng, &bank, 4);
        let query = query_point.embedding();
        let truth = brute_force_top(&query_point, &all, 10);
        let found = MemoryEntries::recall_similar(&mut conn, &RecallQuery::new("acme", &query, 10))
            .await
            .unwrap();
        hits += found.iter().filter(|r| truth.contains(&r.entry.id)).count();
        if q == 0 {
            let exact = MemoryEntries::recall_similar(
                &mut conn,
                &RecallQuery {
                    exact: true,
                    ..RecallQuery::new("acme", &query, 10)
                },
            )
            .await
            .unwrap();
            assert_eq!(exact.iter().map(|r| r.entry.id).collect::<Vec<_>>(), truth);
        }
    }
    let recall = hits as f64 / (queries * 10) as f64;
    eprintln!(
        "prefilter recall@10 over {queries} queries on 2,000 clustered memories: {recall:.3}"
    );
    assert!(recall >= 0.95, "recall@10 = {recall}");
}

async fn ties_are_ranked_by_id(pool: &PgPool) {
    let mut rng = Rng::new(3);
    let p = Point::random(&mut rng, 8);
    let rows: Vec<(String, Point)> = (0..5)
        .map(|i| (format!("same vector {i}"), p.clone()))
        .collect();
    let ids = insert_points(pool, "acme", &rows).await;
    let mut expected: Vec<MemoryEntryId> = ids.values().copied().collect();
    expected.sort_by_key(|id| id.0);
    let mut conn = pool.acquire().await.unwrap();
    for exact in [false, true] {
        let found = MemoryEntries::recall_similar(
            &mut conn,
            &RecallQuery {
                exact,
                ..RecallQuery::new("acme", &p.embedding(), 3)
            },
        )
        .await
        .unwrap();
        assert_eq!(
            found.iter().map(|r| r.entry.id).collect::<Vec<_>>(),
            expected[..3]
        );
    }
}

async fn bad_query_embeddings_are_invalid_input(pool: &PgPool) {
    for err in [
        parse_embedding(vec![0.5; 10]).unwrap_err(),
        parse_embedding(vec![f32::NAN; EMBEDDING_DIM]).unwrap_err(),
        parse_embedding_bytes(&[0u8; 100]).unwrap_err(),
        parse_embedding_bytes(&[0u8; 6]).unwrap_err(),
    ] {
        assert!(
            matches!(&err, Error::InvalidInput { field, .. } if field == "embedding"),
            "{err}"
        );
    }
    let ok = parse_embedding_bytes(&random_embedding(1).to_bytes()).unwrap();
    assert_eq!(ok, random_embedding(1));

    let zeros = Embedding::new(vec![0.0; EMBEDDING_DIM]).unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let err = MemoryEntries::recall_similar(&mut conn, &RecallQuery::new("acme", &zeros, 10))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "embedding"),
        "{err}"
    );
    let err = MemoryEntries::recall_similar(&mut conn, &RecallQuery::new("acme", &ok, 0))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "k"),
        "{err}"
    );
    let err = context_for(pool, "acme", &ContextQuery::new(Some(&zeros)))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "embedding"),
        "{err}"
    );
}

async fn episodes_are_recalled_by_similarity(pool: &PgPool) {
    let near = random_embedding(10);
    let far = random_embedding(11);
    let mut conn = pool.acquire().await.unwrap();
    let mut forms = Vec::new();
    for (client, summary, embedding) in [
        ("acme", "near", Some(near.clone())),
        ("acme", "far", Some(far.clone())),
        ("acme", "plain", None),
        ("globex", "near too", Some(near.clone())),
    ] {
        let mut form = EpisodeInsertForm::new(client, summary);
        form.embedding = embedding;
        forms.push(form);
    }
    Episodes::insert_many(&mut conn, &forms).await.unwrap();
    for exact in [false, true] {
        let found = Episodes::recall_similar(
            &mut conn,
            &EpisodeRecallQuery {
                exact,
                ..EpisodeRecallQuery::new("acme", &near, 5)
            },
        )
        .await
        .unwrap();
        assert_eq!(
            found
                .iter()
                .map(|r| r.entry.summary.as_str())
                .collect::<Vec<_>>(),
            ["near", "far"]
        );
        assert!((found[0].similarity - 1.0).abs() < 1e-12);
    }
}

// ---- Blended recall -------------------------------------------------------------------------------

async fn blended_recall_weighs_and_explains_its_ranking(pool: &PgPool) {
    let query = random_embedding(20);
    let other = random_embedding(21);
    let now = Utc::now();
    let day = TimeDelta::days(1);
    let mut conn = pool.acquire().await.unwrap();
    let mut forms = Vec::new();
    // (content, embedding, importance)
    for (content, embedding, importance) in [
        ("similar but unimportant", &query, 0.0),
        ("unrelated but important", &other, 1.0),
    ] {
        let mut form = MemoryEntryInsertForm::new("acme", content);
        form.embedding = Some(embedding.clone());
        form.importance = Some(importance);
        forms.push(form);
    }
    MemoryEntries::insert_many(&mut conn, &forms).await.unwrap();
    // Make the important one two half-lives old.
    sqlx::query("UPDATE agent.memory_entries SET created_at = now() - interval '2 days' WHERE importance = 1")
        .execute(pool)
        .await
        .unwrap();

    let blend = |similarity, recency, importance| BlendQuery {
        client_id: "acme",
        embedding: &query,
        k: 10,
        weights: BlendWeights {
            similarity,
            recency,
            importance,
        },
        half_life: day,
        now,
        memory_types: None,
        exact: false,
    };
    let by_similarity = MemoryEntries::recall_blended(pool, &blend(1.0, 0.0, 0.0))
        .await
        .unwrap();
    assert_eq!(by_similarity[0].entry.content, "similar but unimportant");
    let by_importance = MemoryEntries::recall_blended(pool, &blend(0.1, 0.0, 1.0))
        .await
        .unwrap();
    assert_eq!(by_importance[0].entry.content, "unrelated but important");

    let mixed = MemoryEntries::recall_blended(pool, &blend(0.5, 0.3, 0.2))
        .await
        .unwrap();
    for b in &mixed {
        let age = now - b.entry.created_at;
        let recency =
            0.5f64.powf(age.num_milliseconds().max(0) as f64 / day.num_milliseconds() as f64);
        assert!((b.recency - recency).abs() < 1e-9);
        assert_eq!(b.importance, b.entry.importance);
        assert!((b.similarity - cosine(&query, b.entry.embedding.as_ref().unwrap())).abs() < 1e-12);
        assert!(
            (b.score - (0.5 * b.similarity + 0.3 * b.recency + 0.2 * b.importance)).abs() < 1e-12
        );
    }
    let old = mixed.iter().find(|b| b.importance == 1.0).unwrap();
    assert!(
        (old.recency - 0.25).abs() < 0.01,
        "two half-lives: {}",
        old.recency
    );
    let exact = MemoryEntries::recall_blended(
        pool,
        &BlendQuery {
            exact: true,
            ..blend(0.5, 0.3, 0.2)
        },
    )
    .await
    .unwrap();
    assert_eq!(exact, mixed);

    for (bad, field) in [
        (
            BlendQuery {
                half_life: TimeDelta::zero(),
                ..blend(1.0, 0.0, 0.0)
            },
            "half_life",
        ),
        (blend(-1.0, 0.0, 0.0), "weights"),
        (blend(f64::NAN, 0.0, 0.0), "weights"),
        (
            BlendQuery {
                k: 0,
                ..blend(1.0, 0.0, 0.0)
            },
            "k",
        ),
    ] {
        let err = MemoryEntries::recall_blended(pool, &bad).await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { field: f, .. } if f == field),
            "{err}"
        );
    }
}

// ---- Context in one call --------------------------------------------------------------------------

async fn context_for_gathers_a_client_in_one_statement(pool: &PgPool) {
    let query = random_embedding(30);
    let mut conn = pool.acquire().await.unwrap();
    for client in ["acme", "globex"] {
        let mut profile = ClientProfileInsertForm::new(client);
        profile.name = Some(format!("{client} Ltd"));
        profile.preferences = Some(json!({"tone": "brief", "n": 0.1}));
        ClientProfiles::upsert(pool, &profile).await.unwrap();
        for (key, confidence) in [("b", 0.3), ("a", 0.123_456_789_012_345_68)] {
            let mut fact = MemoryFactInsertForm::new(client, key, format!("{client} {key}"));
            fact.confidence_score = Some(confidence);
            MemoryFacts::upsert(&mut conn, &fact, false).await.unwrap();
        }
        WorkingStates::set_state(pool, client, "draft", &json!({"client": client}))
            .await
            .unwrap();
        let mut forms = Vec::new();
        for i in 0..3 {
            let mut form = MemoryEntryInsertForm::new(client, format!("memory {i}"));
            form.embedding = Some(random_embedding(31 + i));
            form.importance = Some(0.1 * i as f64);
            forms.push(form);
        }
        MemoryEntries::insert_many(&mut conn, &forms).await.unwrap();
        for i in 0..4 {
            let mut episode = EpisodeInsertForm::new(client, format!("episode {i}"));
            episode.embedding = (i == 1).then(|| random_embedding(40));
            episode.importance = Some(0.7);
            Episodes::insert(pool, &episode).await.unwrap();
        }
    }

    let ctx = context_for(
        pool,
        "acme",
        &ContextQuery {
            k_memories: 2,
            k_episodes: 3,
            ..ContextQuery::new(Some(&query))
        },
    )
    .await
    .unwrap();
    // Each part equals what its own read returns.
    assert_eq!(
        ctx.profile,
        ClientProfiles::get_by_client(pool, "acme").await.unwrap()
    );
    assert_eq!(
        ctx.facts,
        MemoryFacts::of_client(pool, "acme").await.unwrap()
    );
    assert_eq!(ctx.facts[0].confidence_score, 0.123_456_789_012_345_68);
    assert_eq!(
        ctx.working_state,
        WorkingStates::of_client(pool, "acme").await.unwrap()
    );
    assert_eq!(
        ctx.memories,
        MemoryEntries::recall_similar(&mut conn, &RecallQuery::new("acme", &query, 2))
            .await
            .unwrap()
    );
    assert_eq!(ctx.memories.len(), 2);
    assert_eq!(
        ctx.recent_episodes,
        Episodes::recent(pool, "acme", 3).await.unwrap()
    );
    assert!(ctx.recent_episodes.iter().any(|e| e.embedding.is_some()));
    assert_eq!(ctx.recent_episodes[0].summary, "episode 3");

    // No embedding: no memories, the rest as before; an unknown client: empty.
    let without = context_for(pool, "acme", &ContextQuery::new(None))
        .await
        .unwrap();
    assert!(without.memories.is_empty());
    assert_eq!(without.facts, ctx.facts);
    let nobody = context_for(pool, "nobody", &ContextQuery::new(Some(&query)))
        .await
        .unwrap();
    assert_eq!(nobody.profile, None);
    assert!(nobody.facts.is_empty() && nobody.working_state.is_empty());
    assert!(nobody.memories.is_empty() && nobody.recent_episodes.is_empty());
}

// ---- Embedding storage ----------------------------------------------------------------------------

#[tokio::test]
async fn embedding_storage_is_read_from_the_catalog() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let expected = EmbeddingStorage {
        kind: EmbeddingStorageKind::Bytea,
        dimension: 1536,
    };
    assert_eq!(embedding_storage(pool).await.unwrap(), expected);
    assert_eq!(
        check_embedding_storage(pool, EMBEDDING_DIM).await.unwrap(),
        expected
    );
    let err = check_embedding_storage(pool, 768).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, reason } if field == "embedding_storage" && reason.contains("1536")),
        "{err}"
    );
    // A database whose length check says otherwise is reported as it is.
    sqlx::raw_sql(
        "ALTER TABLE agent.episodes DROP CONSTRAINT episodes_embedding_check; \
         ALTER TABLE agent.episodes ADD CONSTRAINT episodes_embedding_check CHECK (octet_length(embedding) = 3072)",
    )
    .execute(pool)
    .await
    .unwrap();
    let err = embedding_storage(pool).await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { reason, .. } if reason.contains("episodes")),
        "{err}"
    );
}

#[tokio::test]
async fn optional_pgvector_sql_decodes_embeddings_exactly() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let sql = include_str!("../../../erp-migrate/optional/pgvector.sql");
    let plain = sql
        .split("-- ---- requires pgvector below this line")
        .next()
        .unwrap();
    assert!(
        plain.len() < sql.len(),
        "the pgvector marker line is missing"
    );
    sqlx::raw_sql(sqlx::AssertSqlSafe(plain.to_owned()))
        .execute(pool)
        .await
        .unwrap();

    let mut values: Vec<f32> = random_embedding(50).into_vec();
    let specials = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        -3.4e38,
        3.4e38,
        f32::MIN_POSITIVE,
        f32::MIN_POSITIVE / 3.0,
        -1.0e-45,
        123_456.79,
    ];
    values[..specials.len()].copy_from_slice(&specials);
    let embedding = Embedding::new(values.clone()).unwrap();
    let decoded: Vec<f32> = sqlx::query_scalar("SELECT agent.embedding_to_real_array($1)")
        .bind(embedding.to_bytes())
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(decoded.len(), EMBEDDING_DIM);
    for (i, (a, b)) in decoded.iter().zip(&values).enumerate() {
        assert_eq!(a.to_bits(), b.to_bits(), "value {i}: {a} vs {b}");
    }
}

// ---- Measurements (ignored: run by hand, e.g. `cargo test --release -p erp-repo --test it -- --ignored
// recall::measure --nocapture`) -----------------------------------------------------------------------

/// Prefilter recall@10 against the exact top 10, over `queries` queries drawn by `query`.
async fn measured_recall(
    pool: &PgPool,
    rows: &[(String, Point)],
    queries: usize,
    mut query: impl FnMut() -> Point,
) -> f64 {
    let ids = insert_points(pool, "acme", rows).await;
    let all: Vec<(MemoryEntryId, &Point)> = rows.iter().map(|(c, p)| (ids[c], p)).collect();
    let mut conn = pool.acquire().await.unwrap();
    let mut hits = 0;
    for _ in 0..queries {
        let q = query();
        let truth = brute_force_top(&q, &all, 10);
        let found =
            MemoryEntries::recall_similar(&mut conn, &RecallQuery::new("acme", &q.embedding(), 10))
                .await
                .unwrap();
        hits += found.iter().filter(|r| truth.contains(&r.entry.id)).count();
    }
    hits as f64 / (queries * 10) as f64
}

#[tokio::test]
#[ignore = "measurement, prints recall@10 on several data shapes"]
async fn measure_prefilter_recall_on_several_shapes() {
    let mut rng = Rng::new(99);
    let bank: Vec<Point> = (0..64).map(|_| Point::random(&mut rng, 2)).collect();

    // Flat clusters larger than the candidate pool: 4 x 500, variation along the shared bank.
    let db = TestDb::new().await.unwrap();
    let centroids: Vec<Point> = (0..4).map(|_| Point::random(&mut rng, 8)).collect();
    let mut rows = Vec::new();
    for (c, centroid) in centroids.iter().enumerate() {
        for i in 0..500 {
            rows.push((format!("c{c} i{i}"), centroid.noisy(&mut rng, &bank, 4)));
        }
    }
    let mut qrng = Rng::new(5);
    let flat = measured_recall(db.pool(), &rows, 20, || {
        centroids[qrng.below(4)].noisy(&mut qrng, &bank, 4)
    })
    .await;
    eprintln!("flat 4 x 500, bank noise: recall@10 = {flat:.3}");

    // Same, queries near an existing item (a near-duplicate question).
    let db = TestDb::new().await.unwrap();
    let items: Vec<Point> = rows.iter().map(|(_, p)| p.clone()).collect();
    let near_item = measured_recall(db.pool(), &rows, 20, || {
        items[qrng.below(items.len())].noisy(&mut qrng, &bank, 1)
    })
    .await;
    eprintln!("flat 4 x 500, query near an item: recall@10 = {near_item:.3}");

    // Isotropic dense noise (no low-dimensional structure): the hardest case for a signature.
    let db = TestDb::new().await.unwrap();
    let mut rows = Vec::new();
    for (c, centroid) in centroids.iter().enumerate() {
        for i in 0..500 {
            let noise = Point::random(&mut rng, 4);
            rows.push((format!("c{c} i{i}"), centroid.plus(&[(1, &noise)])));
        }
    }
    let dense = measured_recall(db.pool(), &rows, 20, || {
        let noise = Point::random(&mut qrng, 4);
        centroids[qrng.below(4)].plus(&[(1, &noise)])
    })
    .await;
    eprintln!("flat 4 x 500, isotropic noise: recall@10 = {dense:.3}");
}
