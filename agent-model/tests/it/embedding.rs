//! Embeddings: validation, the stored byte form, cosine, and the signature that must never change.

use agent_model::*;

/// A deterministic pseudo-random embedding (splitmix64 values in [-1, 1)).
fn pseudo_random(seed: u64) -> Vec<f32> {
    let mut state = seed;
    (0..EMBEDDING_DIM)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 40) as f32 / (1u64 << 23) as f32 - 1.0
        })
        .collect()
}

fn embedding(seed: u64) -> Embedding {
    Embedding::new(pseudo_random(seed)).unwrap()
}

/// The fixed input of the golden signature: no floating-point function, so it is the same everywhere.
fn golden_input() -> Embedding {
    Embedding::new(
        (0..EMBEDDING_DIM)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0)
            .collect(),
    )
    .unwrap()
}

#[test]
fn bytes_round_trip() {
    let e = embedding(1);
    let bytes = e.to_bytes();
    assert_eq!(bytes.len(), 6144);
    assert_eq!(&bytes[..4], &e.as_slice()[0].to_le_bytes());
    assert_eq!(Embedding::from_bytes(&bytes).unwrap(), e);
}

#[test]
fn wrong_length_is_rejected() {
    let err = Embedding::new(vec![0.5; 1535]).unwrap_err();
    assert_eq!(
        err,
        EmbeddingError::WrongDimension {
            expected: 1536,
            actual: 1535
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("1536") && message.contains("1535"),
        "{message}"
    );
    assert!(Embedding::new(vec![0.5; 1537]).is_err());
    assert!(Embedding::new(Vec::new()).is_err());

    assert_eq!(
        Embedding::from_bytes(&[0; 6143]),
        Err(EmbeddingError::ByteLength { len: 6143 })
    );
    assert_eq!(
        Embedding::from_bytes(&[0; 6140]),
        Err(EmbeddingError::WrongDimension {
            expected: 1536,
            actual: 1535
        })
    );
    assert!(serde_json::from_str::<Embedding>("[0.5, 0.25]").is_err());
}

#[test]
fn non_finite_values_are_rejected() {
    for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        let mut values = vec![0.5; EMBEDDING_DIM];
        values[7] = bad;
        match Embedding::new(values.clone()) {
            Err(EmbeddingError::NotFinite { index: 7, .. }) => {}
            other => panic!("{bad}: {other:?}"),
        }
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        assert!(Embedding::from_bytes(&bytes).is_err());
    }
}

#[test]
fn cosine_and_norm() {
    let e = embedding(2);
    assert!((e.cosine(&e) - 1.0).abs() < 1e-6);

    let unit = |i: usize| {
        let mut v = vec![0.0; EMBEDDING_DIM];
        v[i] = 1.0;
        Embedding::new(v).unwrap()
    };
    assert_eq!(unit(0).cosine(&unit(1)), 0.0);
    assert_eq!(unit(3).norm(), 1.0);

    let negated = Embedding::new(e.as_slice().iter().map(|v| -v).collect()).unwrap();
    assert!((e.cosine(&negated) + 1.0).abs() < 1e-6);

    let zero = Embedding::new(vec![0.0; EMBEDDING_DIM]).unwrap();
    assert_eq!(zero.cosine(&e), 0.0);
    assert_eq!(zero.norm(), 0.0);

    let mut v = vec![0.0; EMBEDDING_DIM];
    v[0] = 3.0;
    v[1] = 4.0;
    assert_eq!(Embedding::new(v).unwrap().norm(), 5.0);
}

#[test]
fn serde_is_a_json_array_of_numbers() {
    let e = embedding(3);
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json.as_array().unwrap().len(), EMBEDDING_DIM);
    assert_eq!(serde_json::from_value::<Embedding>(json).unwrap(), e);
    assert_eq!(
        serde_json::from_str::<Embedding>(&serde_json::to_string(&e).unwrap()).unwrap(),
        e
    );
}

/// Signatures are stored: any change to the hyperplanes, the seed or the summation breaks this test.
/// (The first value was also computed by an independent implementation of the module docs' definition.)
#[test]
fn signature_is_stable() {
    let sig = EmbeddingSignature::of(&golden_input());
    assert_eq!(
        sig.to_string(),
        "06946dc18da333060e76fc3fcdd32ef52002bb9a2659bf3dbbef163eb88c187d"
    );
    assert_eq!(
        EmbeddingSignature::of(&embedding(42)).to_string(),
        "4cf14d921b4c6d7e8f2ae926039b850c1ecebe8cdfb920aa4e1f0ef2f21540c8"
    );
}

#[test]
fn similar_embeddings_have_close_signatures() {
    let base = pseudo_random(5);
    let noise = pseudo_random(6);
    let near =
        Embedding::new(base.iter().zip(&noise).map(|(b, n)| b + 0.05 * n).collect()).unwrap();
    let base = Embedding::new(base).unwrap();
    let near_distance = base.signature().hamming(&near.signature());
    assert!(near_distance <= 16, "near: {near_distance}");

    let far_distance = base.signature().hamming(&embedding(7).signature());
    assert!(
        (90..=166).contains(&far_distance),
        "unrelated: {far_distance}"
    );

    let negated = Embedding::new(base.as_slice().iter().map(|v| -v).collect()).unwrap();
    assert_eq!(base.signature().hamming(&negated.signature()), 256);
    assert_eq!(base.signature().hamming(&base.signature()), 0);
}

#[test]
fn signature_text_forms() {
    let sig = embedding(8).signature();
    let hex = sig.to_string();
    assert_eq!(hex.len(), 64);
    assert_eq!(hex.parse::<EmbeddingSignature>().unwrap(), sig);
    assert_eq!(
        hex.to_uppercase().parse::<EmbeddingSignature>().unwrap(),
        sig
    );
    assert!(hex[1..].parse::<EmbeddingSignature>().is_err());
    assert!(
        format!("{}g", &hex[1..])
            .parse::<EmbeddingSignature>()
            .is_err()
    );

    let bits = sig.to_bit_string();
    assert_eq!(bits.len(), 256);
    assert_eq!(
        bits.chars().filter(|&c| c == '1').count() as u32,
        sig.count_ones()
    );
    assert_eq!(bits.starts_with('1'), sig.0[0] & 0x80 != 0);
    assert_eq!(EmbeddingSignature::from_bit_string(&bits).unwrap(), sig);
    assert!(EmbeddingSignature::from_bit_string(&bits[1..]).is_err());
    assert!(EmbeddingSignature::from_bit_string(&bits.replacen('0', "2", 1)).is_err());

    let json = serde_json::to_string(&sig).unwrap();
    assert_eq!(json, format!("\"{hex}\""));
    assert_eq!(
        serde_json::from_str::<EmbeddingSignature>(&json).unwrap(),
        sig
    );
}

#[test]
fn forms_derive_the_signature_from_the_embedding() {
    let mut insert = MemoryEntryInsertForm::new("c", "x");
    assert_eq!(insert.embedding_sig(), None);
    insert.embedding = Some(embedding(9));
    assert_eq!(insert.embedding_sig(), Some(embedding(9).signature()));

    let mut episode = EpisodeInsertForm::new("c", "x");
    episode.embedding = Some(embedding(9));
    assert_eq!(episode.embedding_sig(), Some(embedding(9).signature()));

    let leave = MemoryEntryUpdateForm::default();
    assert_eq!(leave.embedding_sig(), None);
    let clear = MemoryEntryUpdateForm {
        embedding: Some(None),
        ..Default::default()
    };
    assert_eq!(clear.embedding_sig(), Some(None));
    let set = EpisodeUpdateForm {
        embedding: Some(Some(embedding(9))),
        ..Default::default()
    };
    assert_eq!(set.embedding_sig(), Some(Some(embedding(9).signature())));
}

/// Hamming distance estimates the angle (`angle ≈ π · hamming / 256`), the property the recall prefilter
/// relies on: on 20 pairs at cosine ≈ 0.7 the mean error stays within the sampling noise of 256 bits.
#[test]
fn hamming_estimates_the_angle() {
    let mut total_error = 0.0;
    for seed in 0..20 {
        let (a, noise) = (pseudo_random(100 + 2 * seed), pseudo_random(101 + 2 * seed));
        let b = Embedding::new(a.iter().zip(&noise).map(|(x, n)| x + n).collect()).unwrap();
        let a = Embedding::new(a).unwrap();
        let angle = f64::from(a.cosine(&b)).acos();
        let estimate =
            std::f64::consts::PI * f64::from(a.signature().hamming(&b.signature())) / 256.0;
        total_error += (angle - estimate).abs();
    }
    let mean_error = total_error / 20.0;
    assert!(mean_error < 0.1, "mean |angle - estimate| = {mean_error}");
}
