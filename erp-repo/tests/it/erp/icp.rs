//! ICP segments and scoring: CRUD, filters, the score range and "organization or deal" checks, the
//! segment's ranking and an organization's latest scores.

use erp_model::{
    Currency, DealInsertForm, IcpGrade, IcpScore, IcpScoreInsertForm, IcpScoreUpdateForm,
    IcpSegment, IcpSegmentInsertForm, IcpSegmentStatus, IcpSegmentUpdateForm,
};
use erp_repo::erp::{
    Deals, IcpScoreFilter, IcpScoreSort, IcpScores, IcpSegmentFilter, IcpSegments,
};
use erp_repo::{PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;
use serde_json::json;

use super::{assert_check, date, org};
use crate::sessions_events::{person, round_trip};

#[tokio::test]
async fn segment_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = IcpSegmentInsertForm {
        industry: Some("SaaS".into()),
        company_size: Some("11-50".into()),
        criteria: Some(json!([{"criterion": "Budget", "weight": 30}])),
        ..IcpSegmentInsertForm::new("Scale-ups")
    };
    let seg = IcpSegments::insert(pool, &form).await.unwrap();
    assert_eq!(
        seg,
        IcpSegment {
            id: seg.id,
            global_id: seg.global_id,
            name: "Scale-ups".into(),
            description: None,
            industry: Some("SaaS".into()),
            company_size: Some("11-50".into()),
            pain_points: None,
            criteria: json!([{"criterion": "Budget", "weight": 30}]),
            status: IcpSegmentStatus::Hypothesis,
            created_at: seg.created_at,
            updated_at: seg.updated_at,
        }
    );
    let other = IcpSegments::insert(pool, &IcpSegmentInsertForm::new("Agencies"))
        .await
        .unwrap();
    assert_eq!(other.criteria, json!([]));
    round_trip::<IcpSegments>(
        pool,
        seg.id,
        &seg,
        &IcpSegmentUpdateForm {
            status: Some(IcpSegmentStatus::Active),
            pain_points: Some(Some("manual reporting".into())),
            ..Default::default()
        },
        |c| IcpSegment {
            status: IcpSegmentStatus::Active,
            pain_points: Some("manual reporting".into()),
            updated_at: c.updated_at,
            ..seg.clone()
        },
        &IcpSegmentFilter {
            industry: Some("SaaS".into()),
            status: Some(vec![IcpSegmentStatus::Active]),
            ..Default::default()
        },
        &IcpSegmentUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn scoring_crud_checks_ranking_and_latest() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let seg = IcpSegments::insert(pool, &IcpSegmentInsertForm::new("Scale-ups"))
        .await
        .unwrap();
    let seg2 = IcpSegments::insert(pool, &IcpSegmentInsertForm::new("Agencies"))
        .await
        .unwrap();
    let acme = org(pool, "Acme").await;
    let beta = org(pool, "Beta").await;
    let scorer = person(pool, "Sam").await;
    let deal = Deals::insert(pool, &DealInsertForm::new("Beta deal", Currency::EUR))
        .await
        .unwrap();
    let form = IcpScoreInsertForm {
        organization_id: Some(acme),
        scored_by: Some(scorer),
        scored_on: Some(date("2025-11-01")),
        grade: Some(IcpGrade::Warm),
        criteria_scores: Some(json!({"Budget": 20})),
        ..IcpScoreInsertForm::new(seg.id, dec!(62.5))
    };
    let score = IcpScores::insert(pool, &form).await.unwrap();
    assert_eq!(
        score,
        IcpScore {
            id: score.id,
            global_id: score.global_id,
            icp_segment_id: seg.id,
            organization_id: Some(acme),
            deal_id: None,
            scored_by: Some(scorer),
            scored_on: date("2025-11-01"),
            score: dec!(62.5),
            grade: Some(IcpGrade::Warm),
            criteria_scores: json!({"Budget": 20}),
            notes: None,
            created_at: score.created_at,
            updated_at: score.updated_at,
        }
    );
    // A score is about an organization or a deal, and within 0..100.
    assert_check(
        IcpScores::insert(pool, &IcpScoreInsertForm::new(seg.id, dec!(50))).await,
        "icp_scoring",
        "organization_id",
    );
    assert_check(
        IcpScores::insert(
            pool,
            &IcpScoreInsertForm {
                deal_id: Some(deal.id),
                ..IcpScoreInsertForm::new(seg.id, dec!(100.01))
            },
        )
        .await,
        "icp_scoring",
        "score",
    );
    let later = IcpScores::insert(
        pool,
        &IcpScoreInsertForm {
            organization_id: Some(acme),
            scored_on: Some(date("2025-11-20")),
            grade: Some(IcpGrade::Hot),
            ..IcpScoreInsertForm::new(seg.id, dec!(81))
        },
    )
    .await
    .unwrap();
    let other_seg = IcpScores::insert(
        pool,
        &IcpScoreInsertForm {
            organization_id: Some(acme),
            scored_on: Some(date("2025-10-01")),
            ..IcpScoreInsertForm::new(seg2.id, dec!(10))
        },
    )
    .await
    .unwrap();
    let beta_score = IcpScores::insert(
        pool,
        &IcpScoreInsertForm {
            organization_id: Some(beta),
            deal_id: Some(deal.id),
            scored_on: Some(date("2025-11-10")),
            grade: Some(IcpGrade::Cold),
            ..IcpScoreInsertForm::new(seg.id, dec!(30))
        },
    )
    .await
    .unwrap();
    let ids = |rows: Vec<IcpScore>| rows.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(
        ids(IcpSegments::ranking(pool, seg.id, 2).await.unwrap()),
        [later.id, score.id]
    );
    assert_eq!(
        ids(IcpScores::latest_for_organization(pool, acme)
            .await
            .unwrap()),
        [later.id, other_seg.id]
    );
    let list = async |filter: IcpScoreFilter| {
        ids(IcpScores::list(
            pool,
            &filter,
            SortOrder::desc(IcpScoreSort::Score),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items)
    };
    assert_eq!(
        list(IcpScoreFilter {
            icp_segment_id: Some(seg.id),
            score_from: Some(dec!(50)),
            ..Default::default()
        })
        .await,
        [later.id, score.id]
    );
    assert_eq!(
        list(IcpScoreFilter {
            deal_id: Some(deal.id),
            ..Default::default()
        })
        .await,
        [beta_score.id]
    );
    assert_eq!(
        list(IcpScoreFilter {
            grade: Some(vec![IcpGrade::Hot, IcpGrade::Cold]),
            scored_from: Some(date("2025-11-15")),
            ..Default::default()
        })
        .await,
        [later.id]
    );
    round_trip::<IcpScores>(
        pool,
        score.id,
        &score,
        &IcpScoreUpdateForm {
            grade: Some(None),
            notes: Some(Some("re-check in Q1".into())),
            ..Default::default()
        },
        |c| IcpScore {
            grade: None,
            notes: Some("re-check in Q1".into()),
            updated_at: c.updated_at,
            ..score.clone()
        },
        &IcpScoreFilter {
            scored_by: Some(scorer),
            ..Default::default()
        },
        &IcpScoreUpdateForm::default(),
    )
    .await;
    // Scores go with their segment.
    IcpSegments::delete(pool, seg2.id).await.unwrap();
    super::assert_not_found(IcpScores::get(pool, other_seg.id).await, "erp.icp_scoring");
}
