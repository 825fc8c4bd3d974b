//! Deals: CRUD, filters and pages, the probability and won-engagement checks, opening a deal from an
//! offer, winning it into an engagement and losing it, and the pipeline view.

use erp_model::{
    Currency, Deal, DealInsertForm, DealPipelineRow, DealSource, DealStage, DealUpdateForm,
    EngagementInsertForm, EngagementStatus, IcpSegmentInsertForm, OfferInsertForm,
};
use erp_repo::erp::{DealFilter, DealPipeline, DealSort, Deals, Engagements, IcpSegments, Offers};
use erp_repo::{PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use super::{assert_check, assert_invalid, date, org};
use crate::people_orgs::{assert_visited_once_in_order, walk};
use crate::sessions_events::{assert_fk, person, round_trip};

#[tokio::test]
async fn deal_crud_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let acme = org(pool, "Acme").await;
    let contact = person(pool, "Carla").await;
    let owner = person(pool, "Olav").await;
    let offer = Offers::insert(pool, &OfferInsertForm::new("Audit"))
        .await
        .unwrap();
    let segment = IcpSegments::insert(pool, &IcpSegmentInsertForm::new("Scale-ups"))
        .await
        .unwrap();
    let form = DealInsertForm {
        organization_id: Some(acme),
        contact_person_id: Some(contact),
        owner_person_id: Some(owner),
        offer_id: Some(offer.id),
        icp_segment_id: Some(segment.id),
        stage: Some(DealStage::Qualified),
        source: Some(DealSource::Referral),
        amount: Some(dec!(1000.00)),
        probability: Some(dec!(40)),
        expected_close_date: Some(date("2025-12-15")),
        notes: Some("warm intro".into()),
        ..DealInsertForm::new("Acme audit", Currency::EUR)
    };
    let deal = Deals::insert(pool, &form).await.unwrap();
    assert_eq!(
        deal,
        Deal {
            id: deal.id,
            global_id: deal.global_id,
            name: "Acme audit".into(),
            organization_id: Some(acme),
            contact_person_id: Some(contact),
            owner_person_id: Some(owner),
            offer_id: Some(offer.id),
            icp_segment_id: Some(segment.id),
            engagement_id: None,
            stage: DealStage::Qualified,
            source: Some(DealSource::Referral),
            amount: Some(dec!(1000.00)),
            currency: Currency::EUR,
            probability: Some(dec!(40)),
            expected_close_date: Some(date("2025-12-15")),
            closed_on: None,
            lost_reason: None,
            notes: Some("warm intro".into()),
            created_at: deal.created_at,
            updated_at: deal.updated_at,
        }
    );
    // A bare deal takes the defaults.
    let bare = Deals::insert(pool, &DealInsertForm::new("Cold lead", Currency::USD))
        .await
        .unwrap();
    assert_eq!(
        (bare.stage, bare.amount, bare.probability),
        (DealStage::Lead, None, None)
    );

    let mut ids = vec![bare.id.0];
    for (i, stage) in [DealStage::Proposal, DealStage::Negotiation, DealStage::Lost]
        .into_iter()
        .enumerate()
    {
        let form = DealInsertForm {
            stage: Some(stage),
            amount: Some(dec!(500) * rust_decimal::Decimal::from(i as i64 + 1)),
            expected_close_date: Some(date("2026-01-10")),
            ..DealInsertForm::new(format!("Deal {i}"), Currency::EUR)
        };
        ids.push(Deals::insert(pool, &form).await.unwrap().id.0);
    }
    let names = async |filter: DealFilter| {
        Deals::list(
            pool,
            &filter,
            SortOrder::asc(DealSort::Name),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|d| d.name)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        names(DealFilter {
            open: Some(true),
            currency: Some(Currency::EUR),
            ..Default::default()
        })
        .await,
        ["Acme audit", "Deal 0", "Deal 1"]
    );
    assert_eq!(
        names(DealFilter {
            open: Some(false),
            ..Default::default()
        })
        .await,
        ["Deal 2"]
    );
    assert_eq!(
        names(DealFilter {
            stage: Some(vec![DealStage::Lead, DealStage::Proposal]),
            ..Default::default()
        })
        .await,
        ["Cold lead", "Deal 0"]
    );
    assert_eq!(
        names(DealFilter {
            expected_close_from: Some(date("2026-01-01")),
            amount_from: Some(dec!(900)),
            ..Default::default()
        })
        .await,
        ["Deal 1", "Deal 2"]
    );
    for filter in [
        DealFilter {
            organization_id: Some(acme),
            ..Default::default()
        },
        DealFilter {
            contact_person_id: Some(contact),
            ..Default::default()
        },
        DealFilter {
            owner_person_id: Some(owner),
            ..Default::default()
        },
        DealFilter {
            offer_id: Some(offer.id),
            ..Default::default()
        },
        DealFilter {
            icp_segment_id: Some(segment.id),
            source: Some(vec![DealSource::Referral]),
            ..Default::default()
        },
    ] {
        assert_eq!(names(filter).await, ["Acme audit"]);
    }
    let seen = walk::<Deals>(
        pool,
        &DealFilter::default(),
        SortOrder::desc(DealSort::CreatedAt),
        2,
        async || {},
    )
    .await;
    ids.insert(0, deal.id.0);
    ids.reverse();
    assert_visited_once_in_order(&seen, &ids);

    // The database's checks, typed.
    assert_check(
        Deals::update(
            pool,
            deal.id,
            &DealUpdateForm {
                probability: Some(Some(dec!(100.5))),
                ..Default::default()
            },
        )
        .await,
        "deals",
        "probability",
    );
    assert_check(
        Deals::update(
            pool,
            deal.id,
            &DealUpdateForm {
                amount: Some(Some(dec!(-1))),
                ..Default::default()
            },
        )
        .await,
        "deals",
        "amount",
    );
    let engagement = Engagements::insert(pool, &EngagementInsertForm::new("Acme"))
        .await
        .unwrap();
    assert_check(
        Deals::update(
            pool,
            deal.id,
            &DealUpdateForm {
                engagement_id: Some(Some(engagement.id)),
                ..Default::default()
            },
        )
        .await,
        "deals",
        "engagement_id",
    );
    assert_fk(
        Deals::insert(
            pool,
            &DealInsertForm {
                organization_id: Some(erp_model::OrganizationId(999_999)),
                ..DealInsertForm::new("Ghost", Currency::EUR)
            },
        )
        .await,
        "deals_organization_id_fkey",
    );

    round_trip::<Deals>(
        pool,
        deal.id,
        &deal,
        &DealUpdateForm {
            stage: Some(DealStage::Proposal),
            amount: Some(Some(dec!(1500))),
            source: Some(None),
            ..Default::default()
        },
        |c| Deal {
            stage: DealStage::Proposal,
            amount: Some(dec!(1500)),
            source: None,
            updated_at: c.updated_at,
            ..deal.clone()
        },
        &DealFilter {
            organization_id: Some(acme),
            ..Default::default()
        },
        &DealUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn open_for_offer_win_and_lose() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let mut conn = pool.acquire().await.unwrap();
    let acme = org(pool, "Acme").await;
    let contact = person(pool, "Carla").await;
    let offer = Offers::insert(
        pool,
        &OfferInsertForm {
            base_price: Some(dec!(4800.00)),
            currency: Some(Currency::EUR),
            ..OfferInsertForm::new("Strategy Sprint")
        },
    )
    .await
    .unwrap();
    let form = DealInsertForm {
        organization_id: Some(acme),
        contact_person_id: Some(contact),
        stage: Some(DealStage::Proposal),
        ..DealInsertForm::new("Acme sprint", Currency::EUR)
    };
    let deal = Deals::open_for_offer(&mut conn, offer.id, &form)
        .await
        .unwrap();
    assert_eq!(
        (deal.offer_id, deal.amount),
        (Some(offer.id), Some(dec!(4800.00)))
    );
    // An explicit amount wins; another currency needs one.
    let explicit = Deals::open_for_offer(
        &mut conn,
        offer.id,
        &DealInsertForm {
            amount: Some(dec!(4000)),
            ..form.clone()
        },
    )
    .await
    .unwrap();
    assert_eq!(explicit.amount, Some(dec!(4000)));
    assert_invalid(
        Deals::open_for_offer(
            &mut conn,
            offer.id,
            &DealInsertForm::new("Dollar deal", Currency::USD),
        )
        .await,
        "amount",
    );

    // Winning in another currency is refused, and writes nothing.
    let engagements_before: i64 = sqlx::query_scalar("SELECT count(*) FROM erp.engagements")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_invalid(
        Deals::win(
            &mut conn,
            deal.id,
            date("2025-11-05"),
            &EngagementInsertForm {
                currency: Some(Currency::USD),
                ..EngagementInsertForm::new("Acme sprint")
            },
        )
        .await,
        "currency",
    );
    let engagements_after: i64 = sqlx::query_scalar("SELECT count(*) FROM erp.engagements")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(engagements_before, engagements_after);

    let (won, engagement) = Deals::win(
        &mut conn,
        deal.id,
        date("2025-11-05"),
        &EngagementInsertForm {
            start_date: Some(date("2025-11-10")),
            ..EngagementInsertForm::new("Acme strategy sprint")
        },
    )
    .await
    .unwrap();
    assert_eq!(
        won,
        Deal {
            stage: DealStage::Won,
            engagement_id: Some(engagement.id),
            closed_on: Some(date("2025-11-05")),
            probability: Some(dec!(100)),
            updated_at: won.updated_at,
            ..deal.clone()
        }
    );
    assert_eq!(engagement.name, "Acme strategy sprint");
    assert_eq!(engagement.client_org_id, Some(acme));
    assert_eq!(engagement.primary_contact_id, Some(contact));
    assert_eq!(engagement.offer_id, Some(offer.id));
    assert_eq!(engagement.offer_name.as_deref(), Some("Strategy Sprint"));
    assert_eq!(engagement.status, EngagementStatus::Active);
    assert_eq!(engagement.value_estimate, Some(dec!(4800.00)));
    assert_eq!(engagement.currency, Some(Currency::EUR));
    assert_eq!(engagement.start_date, Some(date("2025-11-10")));
    let by_engagement = Deals::list(
        pool,
        &DealFilter {
            engagement_id: Some(engagement.id),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(by_engagement.items, vec![won.clone()]);

    // Won once; a won deal is not lost.
    assert_invalid(
        Deals::win(
            &mut conn,
            deal.id,
            date("2025-11-06"),
            &EngagementInsertForm::new("again"),
        )
        .await,
        "stage",
    );
    assert_invalid(
        Deals::lose(&mut conn, deal.id, date("2025-11-06"), None).await,
        "stage",
    );
    let lost = Deals::lose(
        &mut conn,
        explicit.id,
        date("2025-11-06"),
        Some("went with Acme"),
    )
    .await
    .unwrap();
    assert_eq!(
        (
            lost.stage,
            lost.probability,
            lost.closed_on,
            lost.lost_reason.as_deref()
        ),
        (
            DealStage::Lost,
            Some(dec!(0)),
            Some(date("2025-11-06")),
            Some("went with Acme")
        )
    );
    assert_invalid(
        Deals::win(
            &mut conn,
            explicit.id,
            date("2025-11-07"),
            &EngagementInsertForm::new("late"),
        )
        .await,
        "stage",
    );
    super::assert_not_found(
        Deals::lose(
            &mut conn,
            erp_model::DealId(999_999),
            date("2025-11-06"),
            None,
        )
        .await,
        "erp.deals",
    );
}

#[tokio::test]
async fn pipeline_per_stage_and_currency() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    assert!(DealPipeline::stages(pool).await.unwrap().is_empty());
    for (stage, amount, probability, currency) in [
        (
            DealStage::Lead,
            Some(dec!(1000)),
            Some(dec!(10)),
            Currency::EUR,
        ),
        (DealStage::Lead, Some(dec!(3000)), None, Currency::EUR),
        (DealStage::Lead, None, Some(dec!(50)), Currency::EUR),
        (
            DealStage::Negotiation,
            Some(dec!(2000)),
            Some(dec!(75)),
            Currency::EUR,
        ),
        (
            DealStage::Qualified,
            Some(dec!(999.99)),
            Some(dec!(33.33)),
            Currency::USD,
        ),
        (
            DealStage::Lost,
            Some(dec!(500)),
            Some(dec!(0)),
            Currency::EUR,
        ),
    ] {
        let form = DealInsertForm {
            stage: Some(stage),
            amount,
            probability,
            ..DealInsertForm::new("d", currency)
        };
        Deals::insert(pool, &form).await.unwrap();
    }
    let row = |stage, stage_order, currency, deals_count, total, weighted, avg| DealPipelineRow {
        stage,
        stage_order,
        currency,
        deals_count,
        total_amount: total,
        weighted_amount: weighted,
        avg_probability: avg,
    };
    assert_eq!(
        DealPipeline::stages(pool).await.unwrap(),
        vec![
            // 1000 × 10% + 3000 × nothing + nothing × 50%.
            row(
                DealStage::Lead,
                1,
                Currency::EUR,
                3,
                dec!(4000.00),
                dec!(100.00),
                Some(dec!(30.00))
            ),
            // 999.99 × 33.33% = 333.296667 → 333.30.
            row(
                DealStage::Qualified,
                2,
                Currency::USD,
                1,
                dec!(999.99),
                dec!(333.30),
                Some(dec!(33.33))
            ),
            row(
                DealStage::Negotiation,
                4,
                Currency::EUR,
                1,
                dec!(2000.00),
                dec!(1500.00),
                Some(dec!(75.00))
            ),
            row(
                DealStage::Lost,
                6,
                Currency::EUR,
                1,
                dec!(500.00),
                dec!(0.00),
                Some(dec!(0.00))
            ),
        ]
    );
    let usd = DealPipeline::of_currency(pool, Currency::USD)
        .await
        .unwrap();
    assert_eq!(usd.len(), 1);
    assert_eq!(usd[0].stage, DealStage::Qualified);
}

#[tokio::test]
async fn domain_calls_take_a_pool_or_a_transaction_and_run_in_tokio_spawn() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool().clone();
    let open = |name: &str| DealInsertForm {
        stage: Some(DealStage::Proposal),
        amount: Some(dec!(100)),
        ..DealInsertForm::new(name, Currency::EUR)
    };
    let first = Deals::insert(&pool, &open("first")).await.unwrap();
    let second = Deals::insert(&pool, &open("second")).await.unwrap();
    // The pool itself, inside a spawned task (the future is Send).
    let p = pool.clone();
    let (won, engagement) = tokio::spawn(async move {
        Deals::win(
            &p,
            first.id,
            date("2025-11-05"),
            &EngagementInsertForm::new("first"),
        )
        .await
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(won.engagement_id, Some(engagement.id));
    // A refusal inside a spawned task leaves no lock behind: the deal is updated right after.
    let p = pool.clone();
    let refused = tokio::spawn(async move {
        Deals::win(
            &p,
            first.id,
            date("2025-11-06"),
            &EngagementInsertForm::new("again"),
        )
        .await
    })
    .await
    .unwrap();
    assert_invalid(refused, "stage");
    Deals::update(
        &pool,
        first.id,
        &DealUpdateForm {
            notes: Some(Some("kickoff booked".into())),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // Inside the caller's transaction (a savepoint): rolled back with it.
    let mut tx = pool.begin().await.unwrap();
    let lost = Deals::lose(&mut tx, second.id, date("2025-11-07"), Some("budget"))
        .await
        .unwrap();
    assert_eq!(lost.stage, DealStage::Lost);
    tx.rollback().await.unwrap();
    assert_eq!(
        Deals::get(&pool, second.id).await.unwrap().stage,
        DealStage::Proposal
    );
}
