//! Embeddings: 1,536 little-endian `f32` in a BYTEA, with their SimHash signatures and sqlx codecs.
//!
//! One cosine ([`Embedding::cosine_f64`]) serves every score the SDK computes, so a pair of vectors scores
//! the same in recall, in blended recall and in a caller's own code.

use std::fmt;

/// Number of values of every embedding.
pub const EMBEDDING_DIM: usize = 1536;

/// Number of bits of an [`EmbeddingSignature`].
pub const SIGNATURE_BITS: usize = 256;

/// Seed of the splitmix64 stream the signature hyperplanes are drawn from (never change it).
pub const SIGNATURE_SEED: u64 = 0x6167_656E_745F_7369;

/// An embedding that is not a valid 1,536-value vector, or a signature that is not 256 bits.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EmbeddingError {
    /// The vector does not have [`EMBEDDING_DIM`] values.
    #[error("an embedding must have {expected} values, got {actual}")]
    WrongDimension {
        /// The required number of values ([`EMBEDDING_DIM`]).
        expected: usize,
        /// The number of values given.
        actual: usize,
    },
    /// A value is NaN or infinite.
    #[error("embedding value {index} is not finite: {value}")]
    NotFinite {
        /// Position of the first such value.
        index: usize,
        /// The value itself.
        value: f32,
    },
    /// The stored bytes cannot be `f32` values: their length is not a multiple of 4.
    #[error("embedding bytes must be a multiple of 4 long, got {len} bytes")]
    ByteLength {
        /// The number of bytes given.
        len: usize,
    },
    /// A signature that does not have [`SIGNATURE_BITS`] bits.
    #[error("an embedding signature must have {expected} bits, got {actual}")]
    SignatureLength {
        /// The required number of bits ([`SIGNATURE_BITS`]).
        expected: usize,
        /// The number of bits given.
        actual: usize,
    },
    /// A signature's text has a character that is not a digit of its base.
    #[error("invalid embedding signature text {0:?}")]
    SignatureText(String),
}

/// A semantic embedding: exactly [`EMBEDDING_DIM`] finite `f32` values.
///
/// Stored as BYTEA of 6,144 bytes (little-endian `f32`), serialized as a JSON array of numbers.
#[derive(Clone, PartialEq)]
pub struct Embedding(Vec<f32>);

impl Embedding {
    /// Checks that `values` has [`EMBEDDING_DIM`] finite values.
    pub fn new(values: Vec<f32>) -> Result<Embedding, EmbeddingError> {
        if values.len() != EMBEDDING_DIM {
            return Err(EmbeddingError::WrongDimension {
                expected: EMBEDDING_DIM,
                actual: values.len(),
            });
        }
        if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(EmbeddingError::NotFinite { index, value });
        }
        Ok(Embedding(values))
    }

    /// The values.
    pub fn as_slice(&self) -> &[f32] {
        &self.0
    }

    /// The values, giving up the wrapper.
    pub fn into_vec(self) -> Vec<f32> {
        self.0
    }

    /// The stored form: every value as 4 little-endian bytes (6,144 bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Reads the stored form back, checking the length and that every value is finite.
    pub fn from_bytes(bytes: &[u8]) -> Result<Embedding, EmbeddingError> {
        if !bytes.len().is_multiple_of(4) {
            return Err(EmbeddingError::ByteLength { len: bytes.len() });
        }
        let values = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Embedding::new(values)
    }

    /// Euclidean length.
    pub fn norm(&self) -> f32 {
        self.0
            .iter()
            .map(|&v| f64::from(v) * f64::from(v))
            .sum::<f64>()
            .sqrt() as f32
    }

    /// Cosine similarity in `[-1, 1]`; 0 when either vector is all zeros (see [`Embedding::cosine_f64`]).
    pub fn cosine(&self, other: &Embedding) -> f32 {
        self.cosine_f64(other) as f32
    }

    /// Cosine similarity in `[-1, 1]` in full `f64` precision; 0 when either vector is all zeros. The one
    /// cosine of the SDK: recall re-ranks with it too.
    pub fn cosine_f64(&self, other: &Embedding) -> f64 {
        // Eight independent partial sums per quantity keep the loop vectorizable.
        let (mut dot, mut aa, mut bb) = ([0.0f64; 8], [0.0f64; 8], [0.0f64; 8]);
        for (xs, ys) in self.0.chunks_exact(8).zip(other.0.chunks_exact(8)) {
            for k in 0..8 {
                let (a, b) = (f64::from(xs[k]), f64::from(ys[k]));
                dot[k] += a * b;
                aa[k] += a * a;
                bb[k] += b * b;
            }
        }
        let (dot, aa, bb) = (
            dot.iter().sum::<f64>(),
            aa.iter().sum::<f64>(),
            bb.iter().sum::<f64>(),
        );
        if aa == 0.0 || bb == 0.0 {
            return 0.0;
        }
        (dot / (aa.sqrt() * bb.sqrt())).clamp(-1.0, 1.0)
    }

    /// The 256-bit sign signature of this embedding (see [`EmbeddingSignature::of`]).
    pub fn signature(&self) -> EmbeddingSignature {
        EmbeddingSignature::of(self)
    }
}

impl fmt::Debug for Embedding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // 1,536 numbers drown every failed assertion; show the start and the size.
        write!(
            f,
            "Embedding({:?} .. {} values)",
            &self.0[..self.0.len().min(4)],
            self.0.len()
        )
    }
}

impl TryFrom<Vec<f32>> for Embedding {
    type Error = EmbeddingError;

    fn try_from(values: Vec<f32>) -> Result<Self, Self::Error> {
        Embedding::new(values)
    }
}

impl AsRef<[f32]> for Embedding {
    fn as_ref(&self) -> &[f32] {
        &self.0
    }
}

impl serde::Serialize for Embedding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Embedding {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values = Vec::<f32>::deserialize(deserializer)?;
        Embedding::new(values).map_err(serde::de::Error::custom)
    }
}

mod signature;
pub use signature::EmbeddingSignature;

#[cfg(feature = "sqlx")]
mod codec;
