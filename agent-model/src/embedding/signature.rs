//! The 256-bit SimHash signature of an embedding, stored as `BIT(256)`.
//!
//! # The signature, exactly
//! [`EmbeddingSignature::of`] is stored in the database, so it must never change. It is defined as:
//!
//! 1. 256 hyperplanes, each a vector of 1,536 signs (+1 or -1). The signs come from the splitmix64
//!    generator seeded with [`SIGNATURE_SEED`]: plane `p` takes the 24 outputs numbered `24 p .. 24 p + 23`
//!    (numbering from 0); component `i` of plane `p` is -1 when bit `i % 64` (least significant first) of
//!    output `24 p + i / 64` is set, +1 otherwise.
//! 2. The projection of embedding `x` on plane `p` is summed in `f32` in 16 lanes: lane `i % 16` adds
//!    `±x[i]` for `i` rising, then the 16 lanes are added in order, lane 0 first, starting from `0.0`.
//! 3. Bit `p` of the signature is set when that projection is strictly greater than zero. Bit `p` is bit
//!    `7 - p % 8` of byte `p / 8`, so the signature reads left to right like PostgreSQL's bit string text.
//!
//! The Hamming distance between two signatures estimates the angle between their embeddings
//! (`angle ≈ π · hamming / 256`), which makes it a cheap prefilter before an exact cosine re-rank.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use super::{EMBEDDING_DIM, Embedding, EmbeddingError, SIGNATURE_BITS, SIGNATURE_SEED};

/// A 256-bit SimHash of an [`Embedding`], stored as `BIT(256)`; see the module docs for its exact definition.
///
/// Serialized as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EmbeddingSignature(pub [u8; 32]);

const WORDS_PER_PLANE: usize = EMBEDDING_DIM / 64;

const fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const fn hyperplanes() -> [[u64; WORDS_PER_PLANE]; SIGNATURE_BITS] {
    let mut planes = [[0u64; WORDS_PER_PLANE]; SIGNATURE_BITS];
    let mut state = SIGNATURE_SEED;
    let mut p = 0;
    while p < SIGNATURE_BITS {
        let mut w = 0;
        while w < WORDS_PER_PLANE {
            planes[p][w] = splitmix64(&mut state);
            w += 1;
        }
        p += 1;
    }
    planes
}

/// The sign bits of the 256 hyperplanes (bit set = component -1), computed at compile time.
static HYPERPLANES: [[u64; WORDS_PER_PLANE]; SIGNATURE_BITS] = hyperplanes();

/// [`HYPERPLANES`] spread out as one byte per component (`0` or `0x80`, the top byte of an `f32` sign mask),
/// plane after plane: 384 KiB built on first use, so the projection is a plain XOR and add.
fn sign_masks() -> &'static [u8] {
    static MASKS: OnceLock<Box<[u8]>> = OnceLock::new();
    MASKS.get_or_init(|| {
        HYPERPLANES
            .iter()
            .flat_map(|plane| {
                (0..EMBEDDING_DIM).map(move |i| (((plane[i / 64] >> (i % 64)) & 1) as u8) << 7)
            })
            .collect()
    })
}

impl EmbeddingSignature {
    /// The signature of `embedding`: one sign bit per fixed pseudo-random hyperplane (stable forever).
    pub fn of(embedding: &Embedding) -> EmbeddingSignature {
        let x = embedding.as_slice();
        let mut bytes = [0u8; 32];
        // Four planes at a time share the loads of `x` and give the CPU 64 independent sums.
        for (quad, planes) in sign_masks().chunks_exact(4 * EMBEDDING_DIM).enumerate() {
            let (m0, rest) = planes.split_at(EMBEDDING_DIM);
            let (m1, rest) = rest.split_at(EMBEDDING_DIM);
            let (m2, m3) = rest.split_at(EMBEDDING_DIM);
            // Lane k of a plane adds the components i = k, k + 16, k + 32, ... in that order (module docs).
            let mut lanes = [[0.0f32; 16]; 4];
            for (c, xs) in x.chunks_exact(16).enumerate() {
                let range = c * 16..c * 16 + 16;
                let (m0, m1, m2, m3) = (
                    &m0[range.clone()],
                    &m1[range.clone()],
                    &m2[range.clone()],
                    &m3[range],
                );
                for k in 0..16 {
                    // Flipping the sign bit is exact negation, so each lane adds either +x or -x.
                    let v = xs[k].to_bits();
                    lanes[0][k] += f32::from_bits(v ^ (u32::from(m0[k]) << 24));
                    lanes[1][k] += f32::from_bits(v ^ (u32::from(m1[k]) << 24));
                    lanes[2][k] += f32::from_bits(v ^ (u32::from(m2[k]) << 24));
                    lanes[3][k] += f32::from_bits(v ^ (u32::from(m3[k]) << 24));
                }
            }
            for (j, plane_lanes) in lanes.iter().enumerate() {
                let p = 4 * quad + j;
                let projection = plane_lanes.iter().fold(0.0f32, |sum, &lane| sum + lane);
                if projection > 0.0 {
                    bytes[p / 8] |= 0x80 >> (p % 8);
                }
            }
        }
        EmbeddingSignature(bytes)
    }

    /// Number of differing bits (0 to 256): an estimate of the angle between the two embeddings.
    pub fn hamming(&self, other: &EmbeddingSignature) -> u32 {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| (a ^ b).count_ones())
            .sum()
    }

    /// Number of set bits (what PostgreSQL's `bit_count` returns).
    pub fn count_ones(&self) -> u32 {
        self.0.iter().map(|b| b.count_ones()).sum()
    }

    /// Bit `index` (0 = leftmost in PostgreSQL's text form).
    ///
    /// # Panics
    /// When `index >= 256`.
    pub fn bit(&self, index: usize) -> bool {
        self.0[index / 8] & (0x80 >> (index % 8)) != 0
    }

    /// The bits as PostgreSQL writes a bit string: 256 characters `0` or `1`.
    pub fn to_bit_string(&self) -> String {
        (0..SIGNATURE_BITS)
            .map(|i| if self.bit(i) { '1' } else { '0' })
            .collect()
    }

    /// Reads PostgreSQL's bit string text (256 characters `0` or `1`).
    pub fn from_bit_string(s: &str) -> Result<EmbeddingSignature, EmbeddingError> {
        if s.len() != SIGNATURE_BITS {
            return Err(EmbeddingError::SignatureLength {
                expected: SIGNATURE_BITS,
                actual: s.chars().count(),
            });
        }
        let mut bytes = [0u8; 32];
        for (i, c) in s.bytes().enumerate() {
            match c {
                b'0' => {}
                b'1' => bytes[i / 8] |= 0x80 >> (i % 8),
                _ => return Err(EmbeddingError::SignatureText(s.to_owned())),
            }
        }
        Ok(EmbeddingSignature(bytes))
    }
}

impl fmt::Debug for EmbeddingSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmbeddingSignature({self})")
    }
}

impl fmt::Display for EmbeddingSignature {
    /// 64 lowercase hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl FromStr for EmbeddingSignature {
    type Err = EmbeddingError;

    /// Reads 64 hex digits (either case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 64 {
            return Err(EmbeddingError::SignatureLength {
                expected: SIGNATURE_BITS,
                actual: s.chars().count() * 4,
            });
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            let pair = s
                .get(2 * i..2 * i + 2)
                .filter(|p| p.bytes().all(|c| c.is_ascii_hexdigit()));
            *byte = pair
                .and_then(|p| u8::from_str_radix(p, 16).ok())
                .ok_or_else(|| EmbeddingError::SignatureText(s.to_owned()))?;
        }
        Ok(EmbeddingSignature(bytes))
    }
}

impl serde::Serialize for EmbeddingSignature {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for EmbeddingSignature {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
