//! Offers, engagements, deliverables and results: CRUD, filters, pages, FK and CHECK errors, and an
//! engagement's deliverables and results.

use erp_model::{
    Deliverable, DeliverableInsertForm, DeliverableStatus, DeliverableUpdateForm, Engagement,
    EngagementInsertForm, EngagementResult, EngagementResultInsertForm, EngagementResultUpdateForm,
    EngagementStatus, EngagementUpdateForm, Offer, OfferInsertForm, OfferUpdateForm,
    OrganizationInsertForm, PatternStatus, PersonInsertForm, PricingModel, ProjectInsertForm,
};
use erp_repo::erp::{
    DeliverableFilter, DeliverableSort, Deliverables, EngagementFilter, EngagementResultFilter,
    EngagementResultSort, EngagementResults, EngagementSort, Engagements, OfferFilter, OfferSort,
    Offers, Organizations, People, Projects,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use crate::common::{assert_visited_once_in_order, date, walk};

#[tokio::test]
async fn offer_crud_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = OfferInsertForm {
        description: Some("two-week sprint".into()),
        pricing_model: Some(PricingModel::Fixed),
        base_price: Some(dec!(4800.00)),
        status: Some(PatternStatus::Active),
        ..OfferInsertForm::new("Strategy Sprint")
    };
    let offer = Offers::insert(pool, &form).await.unwrap();
    assert_eq!(
        offer,
        Offer {
            id: offer.id,
            global_id: offer.global_id,
            service_blueprint_id: None,
            name: "Strategy Sprint".into(),
            description: Some("two-week sprint".into()),
            pricing_model: Some(PricingModel::Fixed),
            base_price: Some(dec!(4800.00)),
            currency: None,
            status: PatternStatus::Active,
            created_at: offer.created_at,
            updated_at: offer.updated_at,
        }
    );
    assert_eq!(Offers::get(pool, offer.id).await.unwrap(), offer);
    assert_eq!(
        Offers::get_by_global_id(pool, offer.global_id)
            .await
            .unwrap(),
        offer
    );
    let changed = Offers::update(
        pool,
        offer.id,
        &OfferUpdateForm {
            pricing_model: Some(None),
            base_price: Some(Some(dec!(5200))),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed,
        Offer {
            pricing_model: None,
            base_price: Some(dec!(5200)),
            updated_at: changed.updated_at,
            ..offer.clone()
        }
    );

    let mut ids = vec![offer.id.0];
    for (i, (model, price)) in [
        (PricingModel::Hourly, dec!(150)),
        (PricingModel::Retainer, dec!(3000)),
        (PricingModel::Subscription, dec!(99)),
        (PricingModel::ValueBased, dec!(10000)),
    ]
    .into_iter()
    .enumerate()
    {
        let form = OfferInsertForm {
            pricing_model: Some(model),
            base_price: Some(price),
            ..OfferInsertForm::new(format!("Offer {i}"))
        };
        ids.push(Offers::insert(pool, &form).await.unwrap().id.0);
    }
    let names = async |filter: OfferFilter| {
        Offers::list(
            pool,
            &filter,
            SortOrder::asc(OfferSort::Name),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|o| o.name)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        names(OfferFilter {
            price_from: Some(dec!(100)),
            price_to: Some(dec!(5200)),
            ..Default::default()
        })
        .await,
        ["Offer 0", "Offer 1", "Strategy Sprint"]
    );
    assert_eq!(
        names(OfferFilter {
            pricing_model: Some(vec![PricingModel::Subscription, PricingModel::ValueBased]),
            status: Some(vec![PatternStatus::Draft]),
            ..Default::default()
        })
        .await,
        ["Offer 2", "Offer 3"]
    );
    assert_eq!(
        names(OfferFilter {
            name_contains: Some("sprint".into()),
            ..Default::default()
        })
        .await,
        ["Strategy Sprint"]
    );
    let seen = walk::<Offers>(
        pool,
        &OfferFilter::default(),
        SortOrder::asc(OfferSort::Id),
        2,
        async || {},
    )
    .await;
    assert_visited_once_in_order(&seen, &ids);

    let err = Offers::insert(
        pool,
        &OfferInsertForm {
            base_price: Some(dec!(-1)),
            ..OfferInsertForm::new("negative")
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "base_price"),
        "{err}"
    );
    Offers::delete(pool, offer.id).await.unwrap();
    assert!(matches!(
        Offers::get(pool, offer.id).await,
        Err(Error::NotFound {
            table: "erp.offers",
            ..
        })
    ));
}

#[tokio::test]
async fn engagement_crud_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let client = Organizations::insert(pool, &OrganizationInsertForm::new("Client"))
        .await
        .unwrap();
    let contact = People::insert(pool, &PersonInsertForm::new("Contact"))
        .await
        .unwrap();
    let project = Projects::insert(pool, &ProjectInsertForm::new("Delivery"))
        .await
        .unwrap();
    let offer = Offers::insert(pool, &OfferInsertForm::new("Retainer"))
        .await
        .unwrap();
    let form = EngagementInsertForm {
        client_org_id: Some(client.id),
        primary_contact_id: Some(contact.id),
        project_id: Some(project.id),
        offer_id: Some(offer.id),
        offer_name: Some("Retainer".into()),
        status: Some(EngagementStatus::Active),
        start_date: Some(date("2025-11-01")),
        end_date: Some(date("2026-04-30")),
        value_estimate: Some(dec!(18000)),
        notes: Some("monthly".into()),
        ..EngagementInsertForm::new("Client retainer")
    };
    let engagement = Engagements::insert(pool, &form).await.unwrap();
    assert_eq!(
        engagement,
        Engagement {
            id: engagement.id,
            global_id: engagement.global_id,
            name: "Client retainer".into(),
            client_org_id: Some(client.id),
            primary_contact_id: Some(contact.id),
            project_id: Some(project.id),
            offer_id: Some(offer.id),
            offer_name: Some("Retainer".into()),
            status: EngagementStatus::Active,
            start_date: Some(date("2025-11-01")),
            end_date: Some(date("2026-04-30")),
            value_estimate: Some(dec!(18000)),
            currency: None,
            notes: Some("monthly".into()),
            created_at: engagement.created_at,
            updated_at: engagement.updated_at,
        }
    );
    assert_eq!(
        Engagements::get(pool, engagement.id).await.unwrap(),
        engagement
    );
    assert_eq!(
        Engagements::get_by_global_id(pool, engagement.global_id)
            .await
            .unwrap(),
        engagement
    );
    let changed = Engagements::update(
        pool,
        engagement.id,
        &EngagementUpdateForm {
            notes: Some(None),
            status: Some(EngagementStatus::Paused),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed,
        Engagement {
            notes: None,
            status: EngagementStatus::Paused,
            updated_at: changed.updated_at,
            ..engagement.clone()
        }
    );

    let mut ids = vec![engagement.id.0];
    for i in 0..6u32 {
        let form = EngagementInsertForm {
            client_org_id: (i % 2 == 0).then_some(client.id),
            start_date: Some(date("2026-01-01") + chrono::Months::new(i)),
            ..EngagementInsertForm::new(format!("Prospect {i}"))
        };
        ids.push(Engagements::insert(pool, &form).await.unwrap().id.0);
    }
    let names = async |filter: EngagementFilter| {
        Engagements::list(
            pool,
            &filter,
            SortOrder::asc(EngagementSort::Name),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|e| e.name)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        names(EngagementFilter {
            client_org_id: Some(client.id),
            status: Some(vec![EngagementStatus::Prospect]),
            start_from: Some(date("2026-02-01")),
            ..Default::default()
        })
        .await,
        ["Prospect 2", "Prospect 4"]
    );
    assert_eq!(
        names(EngagementFilter {
            offer_id: Some(offer.id),
            project_id: Some(project.id),
            primary_contact_id: Some(contact.id),
            end_to: Some(date("2026-04-30")),
            name_contains: Some("RETAIN".into()),
            ..Default::default()
        })
        .await,
        ["Client retainer"]
    );
    let seen = walk::<Engagements>(
        pool,
        &EngagementFilter::default(),
        SortOrder::asc(EngagementSort::CreatedAt),
        3,
        async || {
            Engagements::insert(pool, &EngagementInsertForm::new("late"))
                .await
                .unwrap();
        },
    )
    .await;
    assert_visited_once_in_order(&seen, &ids);

    Engagements::delete(pool, engagement.id).await.unwrap();
    assert!(matches!(
        Engagements::get(pool, engagement.id).await,
        Err(Error::NotFound {
            table: "erp.engagements",
            ..
        })
    ));
}

#[tokio::test]
async fn engagement_errors_are_typed() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let err = Engagements::insert(
        pool,
        &EngagementInsertForm {
            client_org_id: Some(erp_model::OrganizationId(404)),
            ..EngagementInsertForm::new("ghost client")
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, table, column: Some(column), parent_missing: true }
            if constraint == "engagements_client_org_id_fkey" && table == "erp.engagements" && column == "client_org_id"),
        "{err}"
    );
    let err = Engagements::insert(
        pool,
        &EngagementInsertForm {
            start_date: Some(date("2026-01-02")),
            end_date: Some(date("2026-01-01")),
            ..EngagementInsertForm::new("backwards")
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "end_date"),
        "{err}"
    );
    let err = Engagements::insert(
        pool,
        &EngagementInsertForm {
            value_estimate: Some(dec!(-5)),
            ..EngagementInsertForm::new("negative")
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "value_estimate"),
        "{err}"
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM erp.engagements")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

#[tokio::test]
async fn deliverable_crud_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let engagement = Engagements::insert(pool, &EngagementInsertForm::new("E"))
        .await
        .unwrap();
    let offer = Offers::insert(pool, &OfferInsertForm::new("O"))
        .await
        .unwrap();
    let form = DeliverableInsertForm {
        engagement_id: Some(engagement.id),
        offer_id: Some(offer.id),
        description: Some("the report".into()),
        due_date: Some(date("2025-12-19")),
        ..DeliverableInsertForm::new("Audit report")
    };
    let deliverable = Deliverables::insert(pool, &form).await.unwrap();
    assert_eq!(
        deliverable,
        Deliverable {
            id: deliverable.id,
            global_id: deliverable.global_id,
            engagement_id: Some(engagement.id),
            offer_id: Some(offer.id),
            name: "Audit report".into(),
            description: Some("the report".into()),
            due_date: Some(date("2025-12-19")),
            status: DeliverableStatus::Planned,
            created_at: deliverable.created_at,
            updated_at: deliverable.updated_at,
        }
    );
    assert_eq!(
        Deliverables::get(pool, deliverable.id).await.unwrap(),
        deliverable
    );
    assert_eq!(
        Deliverables::get_by_global_id(pool, deliverable.global_id)
            .await
            .unwrap(),
        deliverable
    );
    let changed = Deliverables::update(
        pool,
        deliverable.id,
        &DeliverableUpdateForm {
            status: Some(DeliverableStatus::InReview),
            offer_id: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed,
        Deliverable {
            status: DeliverableStatus::InReview,
            offer_id: None,
            updated_at: changed.updated_at,
            ..deliverable.clone()
        }
    );
    let mut ids = vec![deliverable.id.0];
    for i in 0..5u64 {
        let form = DeliverableInsertForm {
            due_date: Some(date("2026-01-05") + chrono::Days::new(i)),
            status: Some(DeliverableStatus::Delivered),
            ..DeliverableInsertForm::new(format!("Slide deck {i}"))
        };
        ids.push(Deliverables::insert(pool, &form).await.unwrap().id.0);
    }
    let names = async |filter: DeliverableFilter| {
        Deliverables::list(
            pool,
            &filter,
            SortOrder::desc(DeliverableSort::Name),
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
        names(DeliverableFilter {
            due_from: Some(date("2026-01-06")),
            due_to: Some(date("2026-01-07")),
            status: Some(vec![DeliverableStatus::Delivered]),
            ..Default::default()
        })
        .await,
        ["Slide deck 2", "Slide deck 1"]
    );
    assert_eq!(
        names(DeliverableFilter {
            engagement_id: Some(engagement.id),
            name_contains: Some("audit".into()),
            ..Default::default()
        })
        .await,
        ["Audit report"]
    );
    // Touch the first slide deck: it moves to the end of an updated_at walk.
    Deliverables::update(
        pool,
        erp_model::DeliverableId(ids[1]),
        &DeliverableUpdateForm {
            description: Some(Some("v2".into())),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let seen = walk::<Deliverables>(
        pool,
        &DeliverableFilter::default(),
        SortOrder::asc(DeliverableSort::UpdatedAt),
        4,
        async || {},
    )
    .await;
    let mut expected = ids.clone();
    expected.remove(1);
    expected.push(ids[1]);
    assert_visited_once_in_order(&seen, &expected);

    Deliverables::delete(pool, deliverable.id).await.unwrap();
    assert!(matches!(
        Deliverables::delete(pool, deliverable.id).await,
        Err(Error::NotFound {
            table: "erp.deliverables",
            ..
        })
    ));
}

#[tokio::test]
async fn result_crud_filters_pages_and_checks() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let engagement = Engagements::insert(pool, &EngagementInsertForm::new("E"))
        .await
        .unwrap();
    let deliverable = Deliverables::insert(pool, &DeliverableInsertForm::new("D"))
        .await
        .unwrap();
    let form = EngagementResultInsertForm {
        outcome: Some("more leads".into()),
        impact: Some("pipeline doubled".into()),
        metric_name: Some("qualified leads".into()),
        metric_value: Some(dec!(42.5)),
        metric_unit: Some("leads/month".into()),
        achieved_date: Some(date("2026-02-01")),
        ..EngagementResultInsertForm::for_engagement("Lead growth", engagement.id)
    };
    let result = EngagementResults::insert(pool, &form).await.unwrap();
    assert_eq!(
        result,
        EngagementResult {
            id: result.id,
            global_id: result.global_id,
            engagement_id: Some(engagement.id),
            deliverable_id: None,
            name: "Lead growth".into(),
            outcome: Some("more leads".into()),
            impact: Some("pipeline doubled".into()),
            metric_name: Some("qualified leads".into()),
            metric_value: Some(dec!(42.5)),
            metric_unit: Some("leads/month".into()),
            achieved_date: Some(date("2026-02-01")),
            outcome_type_id: None,
            created_at: result.created_at,
            updated_at: result.updated_at,
        }
    );
    assert_eq!(
        EngagementResults::get(pool, result.id).await.unwrap(),
        result
    );
    assert_eq!(
        EngagementResults::get_by_global_id(pool, result.global_id)
            .await
            .unwrap(),
        result
    );
    let changed = EngagementResults::update(
        pool,
        result.id,
        &EngagementResultUpdateForm {
            deliverable_id: Some(Some(deliverable.id)),
            impact: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed,
        EngagementResult {
            deliverable_id: Some(deliverable.id),
            impact: None,
            updated_at: changed.updated_at,
            ..result.clone()
        }
    );

    let mut ids = vec![result.id.0];
    for i in 0..4u64 {
        let form = EngagementResultInsertForm {
            metric_name: Some("NPS".into()),
            achieved_date: Some(date("2026-03-01") + chrono::Days::new(i)),
            ..EngagementResultInsertForm::for_deliverable(format!("NPS {i}"), deliverable.id)
        };
        ids.push(EngagementResults::insert(pool, &form).await.unwrap().id.0);
    }
    let names = async |filter: EngagementResultFilter| {
        EngagementResults::list(
            pool,
            &filter,
            SortOrder::asc(EngagementResultSort::Name),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.name)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        names(EngagementResultFilter {
            deliverable_id: Some(deliverable.id),
            achieved_to: Some(date("2026-03-01")),
            ..Default::default()
        })
        .await,
        ["Lead growth", "NPS 0"]
    );
    assert_eq!(
        names(EngagementResultFilter {
            metric_name: Some("NPS".into()),
            achieved_from: Some(date("2026-03-03")),
            name_contains: Some("nps".into()),
            ..Default::default()
        })
        .await,
        ["NPS 2", "NPS 3"]
    );
    assert_eq!(
        names(EngagementResultFilter {
            engagement_id: Some(engagement.id),
            ..Default::default()
        })
        .await,
        ["Lead growth"]
    );
    let seen = walk::<EngagementResults>(
        pool,
        &EngagementResultFilter::default(),
        SortOrder::desc(EngagementResultSort::CreatedAt),
        2,
        async || {},
    )
    .await;
    let newest_first: Vec<i64> = ids.iter().rev().copied().collect();
    assert_visited_once_in_order(&seen, &newest_first);

    // A result must hang off an engagement or a deliverable.
    let err = EngagementResults::insert(pool, &EngagementResultInsertForm::new("floating"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { constraint, column: Some(c), .. }
            if constraint == "results_engagement_id_check" && c == "engagement_id"),
        "{err}"
    );
    let err = EngagementResults::update(
        pool,
        result.id,
        &EngagementResultUpdateForm {
            engagement_id: Some(None),
            deliverable_id: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::CheckViolation { .. }), "{err}");

    // RESTRICT: results keep their deliverable and engagement alive.
    let err = Deliverables::delete(pool, deliverable.id)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, .. } if constraint == "results_deliverable_id_fkey"),
        "{err}"
    );
    let err = Engagements::delete(pool, engagement.id).await.unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, .. } if constraint == "results_engagement_id_fkey"),
        "{err}"
    );
    EngagementResults::delete(pool, result.id).await.unwrap();
    assert!(matches!(
        EngagementResults::get(pool, result.id).await,
        Err(Error::NotFound {
            table: "erp.results",
            ..
        })
    ));
}

#[tokio::test]
async fn an_engagements_deliverables_and_results() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let engagement = Engagements::insert(pool, &EngagementInsertForm::new("Mine"))
        .await
        .unwrap();
    let other = Engagements::insert(pool, &EngagementInsertForm::new("Other"))
        .await
        .unwrap();
    let mut mine = Vec::new();
    for (engagement_id, name, due) in [
        (engagement.id, "undated", None),
        (engagement.id, "late", Some("2026-02-01")),
        (other.id, "not mine", Some("2025-12-01")),
        (engagement.id, "early", Some("2026-01-01")),
    ] {
        let form = DeliverableInsertForm {
            engagement_id: Some(engagement_id),
            due_date: due.map(date),
            ..DeliverableInsertForm::new(name)
        };
        let d = Deliverables::insert(pool, &form).await.unwrap();
        if engagement_id == engagement.id {
            mine.push(d);
        }
    }
    let deliverables = Engagements::deliverables(pool, engagement.id)
        .await
        .unwrap();
    assert_eq!(
        deliverables
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["early", "late", "undated"]
    );
    assert_eq!(deliverables[2], mine[0]);

    let other_deliverable = Deliverables::list(
        pool,
        &DeliverableFilter {
            engagement_id: Some(other.id),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap()
    .items
    .remove(0);
    for form in [
        EngagementResultInsertForm {
            achieved_date: Some(date("2026-03-01")),
            ..EngagementResultInsertForm::for_engagement("direct", engagement.id)
        },
        EngagementResultInsertForm {
            achieved_date: Some(date("2026-02-01")),
            ..EngagementResultInsertForm::for_deliverable("through a deliverable", mine[1].id)
        },
        EngagementResultInsertForm::for_engagement("pending", engagement.id),
        EngagementResultInsertForm::for_engagement("other's", other.id),
        EngagementResultInsertForm::for_deliverable("other's deliverable", other_deliverable.id),
    ] {
        EngagementResults::insert(pool, &form).await.unwrap();
    }
    let results = Engagements::results(pool, engagement.id).await.unwrap();
    assert_eq!(
        results.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["through a deliverable", "direct", "pending"]
    );
    assert!(
        Engagements::results(pool, erp_model::EngagementId(404))
            .await
            .unwrap()
            .is_empty()
    );
}
