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
