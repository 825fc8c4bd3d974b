//! Outcome types, functional areas and topics: CRUD, filters, and the two trees (children, ancestors,
//! descendants, moves that would make a cycle).

use erp_model::{
    FunctionalArea, FunctionalAreaInsertForm, FunctionalAreaUpdateForm, OutcomeType,
    OutcomeTypeInsertForm, OutcomeTypeUpdateForm, Topic, TopicInsertForm, TopicUpdateForm,
    WorkflowInsertForm,
};
use erp_repo::erp::{
    FunctionalAreaFilter, FunctionalAreaSort, FunctionalAreas, OutcomeTypeFilter, OutcomeTypes,
    TopicFilter, TopicSort, Topics, Workflows,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;

use super::{assert_invalid, assert_not_found};
use crate::people_orgs::{assert_visited_once_in_order, walk};
use crate::sessions_events::{assert_fk, person, round_trip};

#[tokio::test]
async fn outcome_type_crud_round_trip_and_unique_name() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = OutcomeTypeInsertForm {
        description: Some("money in".into()),
        ..OutcomeTypeInsertForm::new("Revenue")
    };
    let row = OutcomeTypes::insert(pool, &form).await.unwrap();
    assert_eq!(
        row,
        OutcomeType {
            id: row.id,
            global_id: row.global_id,
            name: "Revenue".into(),
            description: Some("money in".into()),
            is_active: true,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    );
    let dup = OutcomeTypes::insert(pool, &OutcomeTypeInsertForm::new("Revenue")).await;
    assert!(
        matches!(&dup, Err(Error::UniqueViolation { constraint, .. }) if constraint == "outcome_types_name_key"),
        "{dup:?}"
    );
    round_trip::<OutcomeTypes>(
        pool,
        row.id,
        &row,
        &OutcomeTypeUpdateForm {
            description: Some(None),
            is_active: Some(false),
            ..Default::default()
        },
        |c| OutcomeType {
            description: None,
            is_active: false,
            updated_at: c.updated_at,
            ..row.clone()
        },
        &OutcomeTypeFilter {
            is_active: Some(false),
            ..Default::default()
        },
        &OutcomeTypeUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn functional_area_crud_tree_and_workflows() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let owner = person(pool, "Ana").await;
    let sales = FunctionalAreas::insert(
        pool,
        &FunctionalAreaInsertForm {
            owner_person_id: Some(owner),
            ..FunctionalAreaInsertForm::new("Sales")
        },
    )
    .await
    .unwrap();
    assert_eq!(
        sales,
        FunctionalArea {
            id: sales.id,
            global_id: sales.global_id,
            parent_id: None,
            name: "Sales".into(),
            description: None,
            owner_person_id: Some(owner),
            is_active: true,
            created_at: sales.created_at,
            updated_at: sales.updated_at,
        }
    );
    let child = |name: &str, parent| FunctionalAreaInsertForm {
        parent_id: Some(parent),
        ..FunctionalAreaInsertForm::new(name)
    };
    let outbound = FunctionalAreas::insert(pool, &child("Outbound", sales.id))
        .await
        .unwrap();
    let inbound = FunctionalAreas::insert(pool, &child("Inbound", sales.id))
        .await
        .unwrap();
    let cold = FunctionalAreas::insert(pool, &child("Cold email", outbound.id))
        .await
        .unwrap();
    let delivery = FunctionalAreas::insert(pool, &FunctionalAreaInsertForm::new("Delivery"))
        .await
        .unwrap();

    let names = |rows: Vec<FunctionalArea>| rows.into_iter().map(|r| r.name).collect::<Vec<_>>();
    assert_eq!(
        names(
            FunctionalAreas::children(pool, Some(sales.id))
                .await
                .unwrap()
        ),
        ["Inbound", "Outbound"]
    );
    assert_eq!(
        names(FunctionalAreas::children(pool, None).await.unwrap()),
        ["Delivery", "Sales"]
    );
    assert_eq!(
        names(FunctionalAreas::ancestors(pool, cold.id).await.unwrap()),
        ["Outbound", "Sales"]
    );
    assert!(
        FunctionalAreas::ancestors(pool, sales.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        names(FunctionalAreas::descendants(pool, sales.id).await.unwrap()),
        ["Inbound", "Outbound", "Cold email"]
    );
    assert_not_found(
        FunctionalAreas::descendants(pool, erp_model::FunctionalAreaId(999_999)).await,
        "erp.functional_areas",
    );

    // Sibling names are unique, top-level ones too.
    let dup = FunctionalAreas::insert(pool, &child("Inbound", sales.id)).await;
    assert!(matches!(dup, Err(Error::UniqueViolation { .. })), "{dup:?}");
    let dup = FunctionalAreas::insert(pool, &FunctionalAreaInsertForm::new("Sales")).await;
    assert!(matches!(dup, Err(Error::UniqueViolation { .. })), "{dup:?}");

    // Moves: under a descendant or itself is refused; elsewhere is fine.
    let mut conn = pool.acquire().await.unwrap();
    assert_invalid(
        FunctionalAreas::move_under(&mut conn, sales.id, Some(cold.id)).await,
        "parent_id",
    );
    assert_invalid(
        FunctionalAreas::move_under(&mut conn, sales.id, Some(sales.id)).await,
        "parent_id",
    );
    assert_not_found(
        FunctionalAreas::move_under(
            &mut conn,
            sales.id,
            Some(erp_model::FunctionalAreaId(999_999)),
        )
        .await,
        "erp.functional_areas",
    );
    let moved = FunctionalAreas::move_under(&mut conn, outbound.id, Some(delivery.id))
        .await
        .unwrap();
    assert_eq!(moved.parent_id, Some(delivery.id));
    assert_eq!(
        names(FunctionalAreas::ancestors(pool, cold.id).await.unwrap()),
        ["Outbound", "Delivery"]
    );
    let top = FunctionalAreas::move_under(&mut conn, outbound.id, None)
        .await
        .unwrap();
    assert_eq!(top.parent_id, None);

    // A cycle written by hand does not make the walks loop.
    sqlx::query("UPDATE erp.functional_areas SET parent_id = $1 WHERE id = $2")
        .bind(cold.id.0)
        .bind(outbound.id.0)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        names(FunctionalAreas::ancestors(pool, cold.id).await.unwrap()),
        ["Outbound"]
    );
    assert_eq!(
        names(FunctionalAreas::descendants(pool, cold.id).await.unwrap()),
        ["Outbound"]
    );

    // Workflows owned by an area.
    let wf = Workflows::insert(
        pool,
        &WorkflowInsertForm {
            functional_area_id: Some(delivery.id),
            ..WorkflowInsertForm::new("Kickoff")
        },
    )
    .await
    .unwrap();
    let owned = FunctionalAreas::workflows(pool, delivery.id).await.unwrap();
    assert_eq!(owned.iter().map(|w| w.id).collect::<Vec<_>>(), [wf.id]);

    // Filters and pages.
    let filter = FunctionalAreaFilter {
        owner_person_id: Some(owner),
        ..Default::default()
    };
    let page = FunctionalAreas::list(pool, &filter, SortOrder::default(), &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(page.items, vec![sales.clone()]);
    let seen = walk::<FunctionalAreas>(
        pool,
        &FunctionalAreaFilter::default(),
        SortOrder::asc(FunctionalAreaSort::Name),
        2,
        async || {},
    )
    .await;
    assert_visited_once_in_order(
        &seen,
        &[
            cold.id.0,
            delivery.id.0,
            inbound.id.0,
            outbound.id.0,
            sales.id.0,
        ],
    );
    assert_fk(
        FunctionalAreas::insert(pool, &child("Orphan", erp_model::FunctionalAreaId(999_999))).await,
        "functional_areas_parent_id_fkey",
    );

    // Round trip, then deleting a parent makes its children top-level (ON DELETE SET NULL).
    round_trip::<FunctionalAreas>(
        pool,
        inbound.id,
        &inbound,
        &FunctionalAreaUpdateForm {
            description: Some(Some("marketing-qualified leads".into())),
            is_active: Some(false),
            ..Default::default()
        },
        |c| FunctionalArea {
            description: Some("marketing-qualified leads".into()),
            is_active: false,
            updated_at: c.updated_at,
            ..inbound.clone()
        },
        &FunctionalAreaFilter {
            is_active: Some(false),
            ..Default::default()
        },
        &FunctionalAreaUpdateForm::default(),
    )
    .await;
    FunctionalAreas::delete(pool, delivery.id).await.unwrap();
    let top_level = FunctionalAreas::list(
        pool,
        &FunctionalAreaFilter {
            top_level: Some(true),
            ..Default::default()
        },
        SortOrder::asc(FunctionalAreaSort::Name),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(names(top_level.items), ["Sales"]);
    assert_eq!(
        Workflows::get(pool, wf.id)
            .await
            .unwrap()
            .functional_area_id,
        None
    );
}

#[tokio::test]
async fn topic_crud_and_tree() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let root = Topics::insert(pool, &TopicInsertForm::new("AI"))
        .await
        .unwrap();
    assert_eq!(
        root,
        Topic {
            id: root.id,
            global_id: root.global_id,
            parent_id: None,
            name: "AI".into(),
            description: None,
            created_at: root.created_at,
            updated_at: root.updated_at,
        }
    );
    let sub = |name: &str, parent| TopicInsertForm {
        parent_id: Some(parent),
        ..TopicInsertForm::new(name)
    };
    let agents = Topics::insert(pool, &sub("Agents", root.id)).await.unwrap();
    let rag = Topics::insert(pool, &sub("RAG", root.id)).await.unwrap();
    let memory = Topics::insert(pool, &sub("Memory", agents.id))
        .await
        .unwrap();
    let names = |rows: Vec<Topic>| rows.into_iter().map(|r| r.name).collect::<Vec<_>>();
    assert_eq!(
        names(Topics::descendants(pool, root.id).await.unwrap()),
        ["Agents", "RAG", "Memory"]
    );
    assert_eq!(
        names(Topics::ancestors(pool, memory.id).await.unwrap()),
        ["Agents", "AI"]
    );
    assert_eq!(
        names(Topics::children(pool, Some(agents.id)).await.unwrap()),
        ["Memory"]
    );
    let mut conn = pool.acquire().await.unwrap();
    assert_invalid(
        Topics::move_under(&mut conn, root.id, Some(memory.id)).await,
        "parent_id",
    );
    let moved = Topics::move_under(&mut conn, memory.id, Some(rag.id))
        .await
        .unwrap();
    assert_eq!(moved.parent_id, Some(rag.id));
    // A self-parent written through update is the table's own CHECK.
    let err = Topics::update(
        pool,
        rag.id,
        &TopicUpdateForm {
            parent_id: Some(Some(rag.id)),
            ..Default::default()
        },
    )
    .await;
    super::assert_check(err, "topics", "parent_id");
    let page = Topics::list(
        pool,
        &TopicFilter {
            name_contains: Some("a".into()),
            top_level: Some(false),
            ..Default::default()
        },
        SortOrder::asc(TopicSort::Name),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(names(page.items), ["Agents", "RAG"]);
    round_trip::<Topics>(
        pool,
        memory.id,
        &moved,
        &TopicUpdateForm {
            name: Some("Long-term memory".into()),
            ..Default::default()
        },
        |c| Topic {
            name: "Long-term memory".into(),
            updated_at: c.updated_at,
            ..moved.clone()
        },
        &TopicFilter {
            parent_id: Some(rag.id),
            ..Default::default()
        },
        &TopicUpdateForm::default(),
    )
    .await;
}
