//! Clustered synthetic embeddings (uniform random vectors have no meaningful neighbours), made in Rust:
//! topics, six subtopics per topic, 50 memories per subtopic, Gaussian spreads in the proportions of
//! erp-repo's recall test.

use agent_model::{EMBEDDING_DIM, Embedding, EmbeddingSignature};

/// splitmix64, for reproducible data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Standard normal (Box-Muller).
    pub fn normal(&mut self) -> f32 {
        let u = self.unit().max(f64::MIN_POSITIVE);
        let v = self.unit();
        ((-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()) as f32
    }

    fn vector(&mut self, sigma: f32) -> Vec<f32> {
        (0..EMBEDDING_DIM).map(|_| self.normal() * sigma).collect()
    }
}

/// Memories per subtopic.
pub const PER_SUBTOPIC: usize = 50;
/// Subtopics per topic.
pub const SUBTOPICS: usize = 6;
const TOPIC_SIGMA: f32 = 1.0;
const SUBTOPIC_SIGMA: f32 = 0.53;
const ITEM_SIGMA: f32 = 0.57;

/// The centres of a clustered set: one per subtopic.
#[derive(Debug, Clone)]
pub struct Clusters {
    subtopics: Vec<Vec<f32>>,
}

fn add(a: &[f32], b: &[f32]) -> Vec<f32> {
    a.iter().zip(b).map(|(x, y)| x + y).collect()
}

impl Clusters {
    /// Enough subtopics for `n` memories (`n / 300` topics, at least one).
    pub fn new(n: usize, rng: &mut Rng) -> Clusters {
        let topics = (n / (SUBTOPICS * PER_SUBTOPIC)).max(1);
        let mut subtopics = Vec::with_capacity(topics * SUBTOPICS);
        for _ in 0..topics {
            let topic = rng.vector(TOPIC_SIGMA);
            for _ in 0..SUBTOPICS {
                subtopics.push(add(&topic, &rng.vector(SUBTOPIC_SIGMA)));
            }
        }
        Clusters { subtopics }
    }

    /// A member of subtopic `s`: its centre plus Gaussian noise.
    pub fn member(&self, s: usize, rng: &mut Rng) -> Embedding {
        let centre = &self.subtopics[s % self.subtopics.len()];
        Embedding::new(add(centre, &rng.vector(ITEM_SIGMA))).expect("finite values")
    }

    /// A query near a random subtopic, drawn like a member.
    pub fn query(&self, rng: &mut Rng) -> Embedding {
        let s = rng.below(self.subtopics.len());
        self.member(s, rng)
    }

    /// `n` members, subtopic by subtopic, with their signatures, computed on every core.
    pub fn members(&self, n: usize, seed: u64) -> Vec<(Embedding, EmbeddingSignature)> {
        let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
        let per = n.div_ceil(threads);
        std::thread::scope(|scope| {
            let parts: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn(move || {
                        let mut rng = Rng::new(seed ^ (t as u64).wrapping_mul(0x1234_5678_9ABC));
                        (t * per..((t + 1) * per).min(n))
                            .map(|i| {
                                let e = self.member(i / PER_SUBTOPIC, &mut rng);
                                let sig = EmbeddingSignature::of(&e);
                                (e, sig)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().expect("a generator thread"))
                .collect()
        })
    }
}

/// The ids of the `k` embeddings most cosine-similar to `query`, best first, ties by position.
pub fn exact_top(
    query: &Embedding,
    all: &[(Embedding, EmbeddingSignature)],
    k: usize,
) -> Vec<usize> {
    let mut scored: Vec<(f32, usize)> = all
        .iter()
        .enumerate()
        .map(|(i, (e, _))| (query.cosine(e), i))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.truncate(k);
    scored.into_iter().map(|(_, i)| i).collect()
}

/// The hard set: a few large flat clusters (no subtopics) whose members vary along a shared bank of 64
/// directions (low intrinsic dimension, as in erp-repo's `measure_prefilter_recall_on_several_shapes`),
/// so thousands of members of a cluster are nearly as close to a query as its true top 10.
#[derive(Debug, Clone)]
pub struct FlatClusters {
    centres: Vec<Vec<f32>>,
    bank: Vec<Vec<f32>>,
}

/// Members per flat cluster.
pub const PER_FLAT_CLUSTER: usize = 5_000;
const BANK: usize = 64;
const BANK_SIGMA: f32 = 0.09;
const FLAT_NOISE_SIGMA: f32 = 0.05;

impl FlatClusters {
    /// Enough clusters for `n` memories (`n / 5,000`, at least four).
    pub fn new(n: usize, rng: &mut Rng) -> FlatClusters {
        let clusters = (n / PER_FLAT_CLUSTER).max(4);
        FlatClusters {
            centres: (0..clusters).map(|_| rng.vector(TOPIC_SIGMA)).collect(),
            bank: (0..BANK).map(|_| rng.vector(BANK_SIGMA)).collect(),
        }
    }

    /// A member of cluster `c`: its centre, a Gaussian mix of the bank, and a little isotropic noise.
    pub fn member(&self, c: usize, rng: &mut Rng) -> Embedding {
        let mut v = add(
            &self.centres[c % self.centres.len()],
            &rng.vector(FLAT_NOISE_SIGMA),
        );
        for b in &self.bank {
            let w = rng.normal();
            for (x, y) in v.iter_mut().zip(b) {
                *x += w * y;
            }
        }
        Embedding::new(v).expect("finite values")
    }

    /// A query drawn like a member of a random cluster.
    pub fn query(&self, rng: &mut Rng) -> Embedding {
        let c = rng.below(self.centres.len());
        self.member(c, rng)
    }

    /// `n` members, cluster by cluster in turn, with their signatures, computed on every core.
    pub fn members(&self, n: usize, seed: u64) -> Vec<(Embedding, EmbeddingSignature)> {
        let clusters = self.centres.len();
        in_parallel(n, seed, |i, rng| self.member(i % clusters, rng))
    }
}

/// `n` embeddings `make(i, rng)` with their signatures, on every core.
fn in_parallel(
    n: usize,
    seed: u64,
    make: impl Fn(usize, &mut Rng) -> Embedding + Sync,
) -> Vec<(Embedding, EmbeddingSignature)> {
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    let per = n.div_ceil(threads);
    let make = &make;
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut rng = Rng::new(seed ^ (t as u64).wrapping_mul(0x1234_5678_9ABC));
                    (t * per..((t + 1) * per).min(n))
                        .map(|i| {
                            let e = make(i, &mut rng);
                            let sig = EmbeddingSignature::of(&e);
                            (e, sig)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("a generator thread"))
            .collect()
    })
}
