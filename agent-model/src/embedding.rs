//! Embeddings (1,536 little-endian `f32` in a BYTEA) and their 256-bit SimHash signatures (a `BIT(256)`).
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

    /// Cosine similarity in `[-1, 1]`; 0 when either vector is all zeros. Summed in `f64`.
    pub fn cosine(&self, other: &Embedding) -> f32 {
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
        (dot / (aa.sqrt() * bb.sqrt())).clamp(-1.0, 1.0) as f32
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

#[cfg(feature = "sqlx")]
mod pg {
    //! sqlx `Type`/`Encode`/`Decode`: embeddings as BYTEA, signatures as `BIT(256)`.

    use super::{Embedding, EmbeddingError, EmbeddingSignature, SIGNATURE_BITS};
    use sqlx::encode::IsNull;
    use sqlx::error::BoxDynError;
    use sqlx::postgres::types::Oid;
    use sqlx::postgres::{
        PgArgumentBuffer, PgHasArrayType, PgTypeInfo, PgValueFormat, PgValueRef, Postgres,
    };
    use sqlx::{Decode, Encode, Type, TypeInfo};

    // Built-in type oids are fixed by PostgreSQL's catalog (pg_type.dat), so no name lookup is needed.
    const BIT_OID: Oid = Oid(1560);
    const BIT_ARRAY_OID: Oid = Oid(1561);
    const VARBIT_OID: Oid = Oid(1562);
    const VARBIT_ARRAY_OID: Oid = Oid(1563);

    impl Type<Postgres> for Embedding {
        fn type_info() -> PgTypeInfo {
            <Vec<u8> as Type<Postgres>>::type_info()
        }

        fn compatible(ty: &PgTypeInfo) -> bool {
            <Vec<u8> as Type<Postgres>>::compatible(ty)
        }
    }

    impl PgHasArrayType for Embedding {
        fn array_type_info() -> PgTypeInfo {
            <Vec<u8> as PgHasArrayType>::array_type_info()
        }
    }

    impl Encode<'_, Postgres> for Embedding {
        fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
            buf.reserve(self.0.len() * 4);
            for v in &self.0 {
                buf.extend_from_slice(&v.to_le_bytes());
            }
            Ok(IsNull::No)
        }

        fn size_hint(&self) -> usize {
            self.0.len() * 4
        }
    }

    impl<'r> Decode<'r, Postgres> for Embedding {
        fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
            Ok(match value.format() {
                PgValueFormat::Binary => Embedding::from_bytes(value.as_bytes()?)?,
                PgValueFormat::Text => {
                    Embedding::from_bytes(&<Vec<u8> as Decode<'r, Postgres>>::decode(value)?)?
                }
            })
        }
    }

    impl Type<Postgres> for EmbeddingSignature {
        fn type_info() -> PgTypeInfo {
            PgTypeInfo::with_oid(BIT_OID)
        }

        fn compatible(ty: &PgTypeInfo) -> bool {
            matches!(ty.oid(), Some(oid) if oid == BIT_OID || oid == VARBIT_OID)
                || ty.name().eq_ignore_ascii_case("bit")
                || ty.name().eq_ignore_ascii_case("varbit")
        }
    }

    impl PgHasArrayType for EmbeddingSignature {
        fn array_type_info() -> PgTypeInfo {
            PgTypeInfo::with_oid(BIT_ARRAY_OID)
        }

        fn array_compatible(ty: &PgTypeInfo) -> bool {
            matches!(ty.oid(), Some(oid) if oid == BIT_ARRAY_OID || oid == VARBIT_ARRAY_OID)
                || ty.name().eq_ignore_ascii_case("bit[]")
                || ty.name().eq_ignore_ascii_case("varbit[]")
        }
    }

    impl Encode<'_, Postgres> for EmbeddingSignature {
        fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
            // Binary BIT: the bit length as a big-endian i32, then the bits, most significant first.
            buf.extend_from_slice(&(SIGNATURE_BITS as i32).to_be_bytes());
            buf.extend_from_slice(&self.0);
            Ok(IsNull::No)
        }

        fn size_hint(&self) -> usize {
            4 + self.0.len()
        }
    }

    impl<'r> Decode<'r, Postgres> for EmbeddingSignature {
        fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
            match value.format() {
                PgValueFormat::Binary => {
                    let bytes = value.as_bytes()?;
                    let (len, bits) = bytes
                        .split_first_chunk::<4>()
                        .ok_or("BIT value shorter than its length header")?;
                    let len = i32::from_be_bytes(*len);
                    if len != SIGNATURE_BITS as i32 {
                        return Err(EmbeddingError::SignatureLength {
                            expected: SIGNATURE_BITS,
                            actual: usize::try_from(len).unwrap_or(0),
                        }
                        .into());
                    }
                    let bytes: [u8; 32] = bits
                        .try_into()
                        .map_err(|_| "BIT value's bytes do not match its bit length")?;
                    Ok(EmbeddingSignature(bytes))
                }
                PgValueFormat::Text => Ok(EmbeddingSignature::from_bit_string(value.as_str()?)?),
            }
        }
    }
}
