//! Assets and the ideas inbox: CRUD round trips, filters and pages, and the triage queue.

use chrono::Duration;
use erp_model::{
    Asset, AssetInsertForm, AssetStatus, AssetType, AssetUpdateForm, Idea, IdeaInsertForm,
    IdeaStatus, IdeaUpdateForm, Level, TopicInsertForm, VentureInsertForm,
};
use erp_repo::erp::{
    AssetFilter, AssetSort, Assets, IdeaFilter, IdeaSort, Ideas, Topics, Ventures,
};
use erp_repo::{PageRequest, SortOrder};
use erp_testkit::TestDb;

use super::ts;
use crate::people_orgs::{assert_visited_once_in_order, walk};
use crate::sessions_events::{person, round_trip};

#[tokio::test]
async fn asset_crud_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let topic = Topics::insert(pool, &TopicInsertForm::new("Sales"))
        .await
        .unwrap();
    let owner = person(pool, "Olav").await;
    let form = AssetInsertForm {
        description: Some("the pitch".into()),
        asset_type: Some(AssetType::Template),
        status: Some(AssetStatus::Draft),
        storage_url: Some("https://drive.example/deck".into()),
        version: Some("v2".into()),
        topic_id: Some(topic.id),
        owner_person_id: Some(owner),
        tags: Some(vec!["sales".into()]),
        ..AssetInsertForm::new("Pitch deck")
    };
    let asset = Assets::insert(pool, &form).await.unwrap();
    assert_eq!(
        asset,
        Asset {
            id: asset.id,
            global_id: asset.global_id,
            name: "Pitch deck".into(),
            description: Some("the pitch".into()),
            asset_type: AssetType::Template,
            status: AssetStatus::Draft,
            storage_url: Some("https://drive.example/deck".into()),
            version: Some("v2".into()),
            topic_id: Some(topic.id),
            owner_person_id: Some(owner),
            tags: vec!["sales".into()],
            created_at: asset.created_at,
            updated_at: asset.updated_at,
        }
    );
    let mut ids = vec![asset.id.0];
    for name in ["Logo", "Crawler", "Benchmarks"] {
        ids.push(
            Assets::insert(pool, &AssetInsertForm::new(name))
                .await
                .unwrap()
                .id
                .0,
        );
    }
    for filter in [
        AssetFilter {
            topic_id: Some(topic.id),
            ..Default::default()
        },
        AssetFilter {
            owner_person_id: Some(owner),
            asset_type: Some(vec![AssetType::Template]),
            status: Some(vec![AssetStatus::Draft]),
            ..Default::default()
        },
        AssetFilter {
            tags: Some(vec!["sales".into()]),
            created_from: Some(asset.created_at),
            created_to: Some(asset.created_at),
            name_contains: Some("deck".into()),
            ..Default::default()
        },
    ] {
        let page = Assets::list(pool, &filter, SortOrder::default(), &PageRequest::default())
            .await
            .unwrap();
        assert_eq!(page.items, vec![asset.clone()]);
    }
    let seen = walk::<Assets>(
        pool,
        &AssetFilter::default(),
        SortOrder::asc(AssetSort::Name),
        3,
        async || {},
    )
    .await;
    assert_visited_once_in_order(&seen, &[ids[3], ids[2], ids[1], ids[0]]);
    round_trip::<Assets>(
        pool,
        asset.id,
        &asset,
        &AssetUpdateForm {
            status: Some(AssetStatus::Archived),
            version: Some(None),
            ..Default::default()
        },
        |c| Asset {
            status: AssetStatus::Archived,
            version: None,
            updated_at: c.updated_at,
            ..asset.clone()
        },
        &AssetFilter {
            topic_id: Some(topic.id),
            ..Default::default()
        },
        &AssetUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn ideas_crud_filters_and_triage() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let topic = Topics::insert(pool, &TopicInsertForm::new("Product"))
        .await
        .unwrap();
    let ana = person(pool, "Ana").await;
    let venture = Ventures::insert(pool, &VentureInsertForm::new("Labs"))
        .await
        .unwrap();
    let t0 = ts("2025-11-01T08:00:00Z");
    let form = IdeaInsertForm {
        description: Some("weekly digest for clients".into()),
        impact: Some(Level::High),
        effort: Some(Level::Low),
        source: Some("client call".into()),
        captured_at: Some(t0),
        topic_id: Some(topic.id),
        submitted_by: Some(ana),
        venture_id: Some(venture.id),
        tags: Some(vec!["retention".into()]),
        ..IdeaInsertForm::new("Client digest")
    };
    let idea = Ideas::insert(pool, &form).await.unwrap();
    assert_eq!(
        idea,
        Idea {
            id: idea.id,
            global_id: idea.global_id,
            title: "Client digest".into(),
            description: Some("weekly digest for clients".into()),
            status: IdeaStatus::New,
            impact: Some(Level::High),
            effort: Some(Level::Low),
            source: Some("client call".into()),
            captured_at: t0,
            topic_id: Some(topic.id),
            submitted_by: Some(ana),
            venture_id: Some(venture.id),
            tags: vec!["retention".into()],
            created_at: idea.created_at,
            updated_at: idea.updated_at,
        }
    );
    let at = |h| Some(t0 + Duration::hours(h));
    let mk = |title: &str, impact, effort, status, h| IdeaInsertForm {
        impact,
        effort,
        status: Some(status),
        captured_at: at(h),
        ..IdeaInsertForm::new(title)
    };
    let a = Ideas::insert(
        pool,
        &mk(
            "A",
            Some(Level::High),
            Some(Level::High),
            IdeaStatus::Exploring,
            1,
        ),
    )
    .await
    .unwrap();
    let b = Ideas::insert(
        pool,
        &mk(
            "B",
            Some(Level::Medium),
            Some(Level::Low),
            IdeaStatus::New,
            2,
        ),
    )
    .await
    .unwrap();
    let c = Ideas::insert(pool, &mk("C", None, None, IdeaStatus::New, 3))
        .await
        .unwrap();
    let parked = Ideas::insert(
        pool,
        &mk(
            "D",
            Some(Level::High),
            Some(Level::Low),
            IdeaStatus::Parked,
            4,
        ),
    )
    .await
    .unwrap();
    let queue = Ideas::triage_queue(pool).await.unwrap();
    assert_eq!(
        queue.iter().map(|i| i.id).collect::<Vec<_>>(),
        [idea.id, a.id, b.id, c.id]
    );
    for filter in [
        IdeaFilter {
            topic_id: Some(topic.id),
            ..Default::default()
        },
        IdeaFilter {
            submitted_by: Some(ana),
            venture_id: Some(venture.id),
            impact: Some(Level::High),
            effort: Some(Level::Low),
            status: Some(vec![IdeaStatus::New]),
            ..Default::default()
        },
        IdeaFilter {
            captured_to: Some(t0),
            tags: Some(vec!["retention".into()]),
            title_contains: Some("digest".into()),
            ..Default::default()
        },
    ] {
        let page = Ideas::list(pool, &filter, SortOrder::default(), &PageRequest::default())
            .await
            .unwrap();
        assert_eq!(page.items, vec![idea.clone()]);
    }
    let seen = walk::<Ideas>(
        pool,
        &IdeaFilter {
            captured_from: at(1),
            ..Default::default()
        },
        SortOrder::desc(IdeaSort::CapturedAt),
        2,
        async || {},
    )
    .await;
    assert_visited_once_in_order(&seen, &[parked.id.0, c.id.0, b.id.0, a.id.0]);
    round_trip::<Ideas>(
        pool,
        idea.id,
        &idea,
        &IdeaUpdateForm {
            status: Some(IdeaStatus::Accepted),
            effort: Some(None),
            ..Default::default()
        },
        |c| Idea {
            status: IdeaStatus::Accepted,
            effort: None,
            updated_at: c.updated_at,
            ..idea.clone()
        },
        &IdeaFilter {
            topic_id: Some(topic.id),
            ..Default::default()
        },
        &IdeaUpdateForm::default(),
    )
    .await;
}
