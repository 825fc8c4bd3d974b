//! People and organizations: CRUD, filters, pages, errors.

use erp_model::{
    EngagementInsertForm, OrgType, Organization, OrganizationInsertForm, OrganizationUpdateForm,
    Person, PersonInsertForm, PersonUpdateForm, ProjectInsertForm, TaskInsertForm, TaskStatus,
};
use erp_repo::erp::{
    Engagements, OrganizationFilter, OrganizationSort, Organizations, People, PersonFilter,
    PersonSort, Projects, Tasks,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;

// The page walk lives in `common`; imported with `pub(crate)` only for the files of `tests/it/erp/` that
// still import it from this module.
pub(crate) use crate::common::{assert_visited_once_in_order, walk};

#[tokio::test]
async fn person_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = PersonInsertForm {
        email: Some("ada@example.com".into()),
        handle: Some("ada".into()),
        role_label: Some("Founder".into()),
        ..PersonInsertForm::new("Ada Lovelace")
    };
    let ada = People::insert(pool, &form).await.unwrap();
    assert_eq!(
        ada,
        Person {
            id: ada.id,
            global_id: ada.global_id,
            full_name: "Ada Lovelace".into(),
            email: Some("ada@example.com".into()),
            handle: Some("ada".into()),
            role_label: Some("Founder".into()),
            notes: None,
            is_active: true,
            created_at: ada.created_at,
            updated_at: ada.updated_at,
        }
    );
    assert_eq!(People::get(pool, ada.id).await.unwrap(), ada);
    assert_eq!(
        People::get_by_global_id(pool, ada.global_id).await.unwrap(),
        ada
    );
    assert_eq!(
        People::by_email(pool, "ada@example.com").await.unwrap(),
        Some(ada.clone())
    );
    assert_eq!(
        People::by_email(pool, "ADA@example.com").await.unwrap(),
        None
    );

    let changed = People::update(
        pool,
        ada.id,
        &PersonUpdateForm {
            handle: Some(None),
            notes: Some(Some("wrote the first program".into())),
            is_active: Some(false),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed,
        Person {
            handle: None,
            notes: Some("wrote the first program".into()),
            is_active: false,
            updated_at: changed.updated_at,
            ..ada.clone()
        }
    );
    assert!(changed.updated_at > ada.updated_at);
    assert_eq!(
        People::update(pool, ada.id, &PersonUpdateForm::default())
            .await
            .unwrap(),
        changed
    );

    let inactive = People::list(
        pool,
        &PersonFilter {
            is_active: Some(false),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(inactive.items, vec![changed.clone()]);
    assert_eq!(inactive.next, None);

    People::delete(pool, ada.id).await.unwrap();
    assert!(matches!(
        People::get(pool, ada.id).await,
        Err(Error::NotFound { table: "erp.people", id }) if id == ada.id.to_string()
    ));
    assert!(matches!(
        People::delete(pool, ada.id).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        People::update(pool, ada.id, &PersonUpdateForm::default()).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn people_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let names = [
        "Grace Hopper",
        "alan turing",
        "Barbara Liskov",
        "Edsger Dijkstra",
        "Ada Lovelace",
        "Donald Knuth",
        "Frances Allen",
    ];
    let forms: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, n)| PersonInsertForm {
            email: Some(format!("p{i}@example.com")),
            role_label: Some(
                if i % 2 == 0 {
                    "Engineer"
                } else {
                    "Client lead"
                }
                .into(),
            ),
            is_active: Some(i != 3),
            ..PersonInsertForm::new(*n)
        })
        .collect();
    let people = People::insert_many(&mut pool.acquire().await.unwrap(), &forms)
        .await
        .unwrap();
    assert_eq!(
        people
            .iter()
            .map(|p| p.full_name.as_str())
            .collect::<Vec<_>>(),
        names
    );

    let list = async |filter: PersonFilter| {
        People::list(
            pool,
            &filter,
            SortOrder::asc(PersonSort::FullName),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.full_name)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        list(PersonFilter {
            email: Some("p2@example.com".into()),
            ..Default::default()
        })
        .await,
        ["Barbara Liskov"]
    );
    assert_eq!(
        list(PersonFilter {
            name_contains: Some("A".into()),
            role_label: Some("Engineer".into()),
            ..Default::default()
        })
        .await,
        [
            "Ada Lovelace",
            "Barbara Liskov",
            "Frances Allen",
            "Grace Hopper"
        ]
    );
    assert_eq!(
        list(PersonFilter {
            is_active: Some(false),
            ..Default::default()
        })
        .await,
        ["Edsger Dijkstra"]
    );
    // LIKE wildcards in the search text match literally.
    assert!(
        list(PersonFilter {
            name_contains: Some("_".into()),
            ..Default::default()
        })
        .await
        .is_empty()
    );

    // By name: text order is the database's collation, so compare against its own full list.
    let by_name: Vec<i64> = People::list(
        pool,
        &PersonFilter::default(),
        SortOrder::asc(PersonSort::FullName),
        &PageRequest::first(100),
    )
    .await
    .unwrap()
    .items
    .iter()
    .map(|p| p.id.0)
    .collect();
    let mut late = 0;
    let seen = walk::<People>(
        pool,
        &PersonFilter::default(),
        SortOrder::asc(PersonSort::FullName),
        3,
        async || {
            late += 1;
            People::insert(pool, &PersonInsertForm::new(format!("Zed {late}")))
                .await
                .unwrap();
        },
    )
    .await;
    assert_visited_once_in_order(&seen, &by_name);

    let newest_first: Vec<i64> = people.iter().rev().map(|p| p.id.0).collect();
    let seen = walk::<People>(
        pool,
        &PersonFilter {
            name_contains: Some("a".into()),
            ..Default::default()
        },
        SortOrder::desc(PersonSort::Id),
        2,
        async || {},
    )
    .await;
    assert_visited_once_in_order(&seen, &newest_first);
}

#[tokio::test]
async fn people_errors_are_typed() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = PersonInsertForm {
        email: Some("same@example.com".into()),
        ..PersonInsertForm::new("First")
    };
    People::insert(pool, &form).await.unwrap();
    let err = People::insert(
        pool,
        &PersonInsertForm {
            full_name: "Second".into(),
            ..form.clone()
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::UniqueViolation { constraint, table }
            if constraint == "people_email_key" && table == "erp.people"),
        "{err}"
    );
    assert_eq!(err.constraint(), Some("people_email_key"));

    let err = People::insert(pool, &PersonInsertForm::new("nul\0"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "full_name"),
        "{err}"
    );
    let err = People::update(
        pool,
        erp_model::PersonId(1),
        &PersonUpdateForm {
            email: Some(Some("x\0@example.com".into())),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "email"),
        "{err}"
    );
    let err = People::list(
        pool,
        &PersonFilter {
            name_contains: Some("\0".into()),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "full_name"),
        "{err}"
    );
    let err = People::list(
        pool,
        &PersonFilter::default(),
        SortOrder::default(),
        &PageRequest::first(0),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "limit"),
        "{err}"
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM erp.people")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(count, 1, "only the first person was written");
}

#[tokio::test]
async fn organization_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let form = OrganizationInsertForm {
        website: Some("https://acme.example".into()),
        org_type: Some(OrgType::Client),
        notes: Some("met at a conference".into()),
        ..OrganizationInsertForm::new("Acme")
    };
    let acme = Organizations::insert(pool, &form).await.unwrap();
    assert_eq!(
        acme,
        Organization {
            id: acme.id,
            global_id: acme.global_id,
            name: "Acme".into(),
            website: Some("https://acme.example".into()),
            org_type: Some(OrgType::Client),
            notes: Some("met at a conference".into()),
            is_active: true,
            created_at: acme.created_at,
            updated_at: acme.updated_at,
        }
    );
    assert_eq!(Organizations::get(pool, acme.id).await.unwrap(), acme);
    assert_eq!(
        Organizations::get_by_global_id(pool, acme.global_id)
            .await
            .unwrap(),
        acme
    );
    let changed = Organizations::update(
        pool,
        acme.id,
        &OrganizationUpdateForm {
            name: Some("Acme Corp".into()),
            org_type: Some(None),
            website: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed,
        Organization {
            name: "Acme Corp".into(),
            org_type: None,
            website: None,
            updated_at: changed.updated_at,
            ..acme.clone()
        }
    );
    let found = Organizations::list(
        pool,
        &OrganizationFilter {
            name_contains: Some("corp".into()),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(found.items, vec![changed]);
    Organizations::delete(pool, acme.id).await.unwrap();
    assert!(matches!(
        Organizations::get(pool, acme.id).await,
        Err(Error::NotFound {
            table: "erp.organizations",
            ..
        })
    ));
    assert!(matches!(
        Organizations::get_by_global_id(pool, acme.global_id).await,
        Err(Error::NotFound { .. })
    ));
}

#[tokio::test]
async fn organization_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let kinds = [
        OrgType::Client,
        OrgType::Partner,
        OrgType::Vendor,
        OrgType::Prospect,
        OrgType::Internal,
    ];
    let mut orgs = Vec::new();
    for i in 0..10 {
        let form = OrganizationInsertForm {
            org_type: Some(kinds[i % kinds.len()]),
            is_active: Some(i < 7),
            ..OrganizationInsertForm::new(format!("Org {i:02}"))
        };
        orgs.push(Organizations::insert(pool, &form).await.unwrap());
    }
    let clients_and_vendors = Organizations::list(
        pool,
        &OrganizationFilter {
            org_type: Some(vec![OrgType::Client, OrgType::Vendor]),
            is_active: Some(true),
            ..Default::default()
        },
        SortOrder::asc(OrganizationSort::Name),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        clients_and_vendors
            .items
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>(),
        ["Org 00", "Org 02", "Org 05"]
    );
    let expected: Vec<i64> = orgs.iter().rev().map(|o| o.id.0).collect();
    let seen = walk::<Organizations>(
        pool,
        &OrganizationFilter::default(),
        SortOrder::desc(OrganizationSort::Name),
        4,
        async || {
            // Sorts after every existing name in a descending walk: it may come last, never twice.
            Organizations::insert(pool, &OrganizationInsertForm::new("A late org"))
                .await
                .unwrap();
        },
    )
    .await;
    assert_visited_once_in_order(&seen, &expected);
    let seen = walk::<Organizations>(
        pool,
        &OrganizationFilter::default(),
        SortOrder::asc(OrganizationSort::CreatedAt),
        3,
        async || {},
    )
    .await;
    let ascending: Vec<i64> = orgs.iter().map(|o| o.id.0).collect();
    assert_visited_once_in_order(&seen, &ascending);
}

#[tokio::test]
async fn an_organization_with_engagements_cannot_be_deleted() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let client = Organizations::insert(pool, &OrganizationInsertForm::new("Client"))
        .await
        .unwrap();
    let engagement = Engagements::insert(
        pool,
        &EngagementInsertForm {
            client_org_id: Some(client.id),
            ..EngagementInsertForm::new("Retainer")
        },
    )
    .await
    .unwrap();
    let err = Organizations::delete(pool, client.id).await.unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, .. }
            if constraint == "engagements_client_org_id_fkey"),
        "{err}"
    );
    assert_eq!(Organizations::get(pool, client.id).await.unwrap(), client);
    Engagements::delete(pool, engagement.id).await.unwrap();
    Organizations::delete(pool, client.id).await.unwrap();
}

#[tokio::test]
async fn a_persons_open_tasks_across_projects() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let ada = People::insert(pool, &PersonInsertForm::new("Ada"))
        .await
        .unwrap();
    let other = People::insert(pool, &PersonInsertForm::new("Other"))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (project, title, status, assignee) in [
        ("Alpha", "a open", TaskStatus::InProgress, ada.id),
        ("Alpha", "a done", TaskStatus::Done, ada.id),
        ("Beta", "b blocked", TaskStatus::Blocked, ada.id),
        ("Beta", "b cancelled", TaskStatus::Cancelled, ada.id),
        ("Beta", "b someone else", TaskStatus::NotStarted, other.id),
    ] {
        let project = Projects::insert(pool, &ProjectInsertForm::new(project))
            .await
            .unwrap();
        let task = Tasks::insert(
            pool,
            &TaskInsertForm {
                project_id: Some(project.id),
                status: Some(status),
                assignee_id: Some(assignee),
                ..TaskInsertForm::new(title)
            },
        )
        .await
        .unwrap();
        ids.push(task.id);
    }
    let open = People::open_tasks(pool, ada.id).await.unwrap();
    assert_eq!(open, Tasks::open_for_person(pool, ada.id).await.unwrap());
    assert_eq!(
        open.iter().map(|t| t.id).collect::<Vec<_>>(),
        [ids[0], ids[2]]
    );
    assert!(open.iter().all(|t| t.assignee_id == Some(ada.id)));
}
