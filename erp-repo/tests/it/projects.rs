//! Ventures, projects and OKRs: CRUD, filters, pages, date checks, and a project's tasks by status.

use erp_model::{
    KeyResult, Okr, OkrInsertForm, OkrStatus, OkrUpdateForm, OrganizationInsertForm,
    PersonInsertForm, Project, ProjectInsertForm, ProjectStatus, ProjectUpdateForm, TaskInsertForm,
    TaskPriority, TaskStatus, Venture, VentureInsertForm, VentureStatus, VentureUpdateForm,
};
use erp_repo::erp::{
    OkrFilter, OkrSort, Okrs, Organizations, People, ProjectFilter, ProjectSort, Projects, Tasks,
    VentureFilter, VentureSort, Ventures,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use crate::common::{assert_visited_once_in_order, date, walk};

#[tokio::test]
async fn venture_crud_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let owner = People::insert(pool, &PersonInsertForm::new("Owner"))
        .await
        .unwrap();
    let form = VentureInsertForm {
        description: Some("consulting".into()),
        owner_person_id: Some(owner.id),
        ..VentureInsertForm::new("BestViable")
    };
    let venture = Ventures::insert(pool, &form).await.unwrap();
    assert_eq!(
        venture,
        Venture {
            id: venture.id,
            global_id: venture.global_id,
            name: "BestViable".into(),
            description: Some("consulting".into()),
            status: VentureStatus::Active,
            owner_person_id: Some(owner.id),
            created_at: venture.created_at,
            updated_at: venture.updated_at,
        }
    );
    assert_eq!(Ventures::get(pool, venture.id).await.unwrap(), venture);
    assert_eq!(
        Ventures::get_by_global_id(pool, venture.global_id)
            .await
            .unwrap(),
        venture
    );
    let changed = Ventures::update(
        pool,
        venture.id,
        &VentureUpdateForm {
            status: Some(VentureStatus::Paused),
            description: Some(None),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed,
        Venture {
            status: VentureStatus::Paused,
            description: None,
            updated_at: changed.updated_at,
            ..venture.clone()
        }
    );

    // ON DELETE SET NULL: the venture outlives its owner.
    People::delete(pool, owner.id).await.unwrap();
    let orphan = Ventures::get(pool, venture.id).await.unwrap();
    assert_eq!(orphan.owner_person_id, None);

    let mut others = Vec::new();
    for (i, status) in [
        VentureStatus::Idea,
        VentureStatus::Active,
        VentureStatus::Closed,
    ]
    .into_iter()
    .cycle()
    .take(7)
    .enumerate()
    {
        let form = VentureInsertForm {
            status: Some(status),
            ..VentureInsertForm::new(format!("Side venture {i}"))
        };
        others.push(Ventures::insert(pool, &form).await.unwrap());
    }
    let found = Ventures::list(
        pool,
        &VentureFilter {
            status: Some(vec![VentureStatus::Idea, VentureStatus::Paused]),
            name_contains: Some("VENTURE".into()),
            ..Default::default()
        },
        SortOrder::asc(VentureSort::Name),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        found
            .items
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["Side venture 0", "Side venture 3", "Side venture 6"]
    );
    let expected: Vec<i64> = std::iter::once(venture.id.0)
        .chain(others.iter().map(|v| v.id.0))
        .collect();
    let seen = walk::<Ventures>(
        pool,
        &VentureFilter::default(),
        SortOrder::asc(VentureSort::CreatedAt),
        3,
        async || {},
    )
    .await;
    assert_visited_once_in_order(&seen, &expected);

    Ventures::delete(pool, venture.id).await.unwrap();
    assert!(matches!(
        Ventures::delete(pool, venture.id).await,
        Err(Error::NotFound {
            table: "erp.ventures",
            ..
        })
    ));
}

#[tokio::test]
async fn project_crud_round_trip() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let owner = People::insert(pool, &PersonInsertForm::new("Owner"))
        .await
        .unwrap();
    let client = Organizations::insert(pool, &OrganizationInsertForm::new("Client"))
        .await
        .unwrap();
    let venture = Ventures::insert(pool, &VentureInsertForm::new("Venture"))
        .await
        .unwrap();
    let form = ProjectInsertForm {
        description: Some("website relaunch".into()),
        owner_person_id: Some(owner.id),
        organization_id: Some(client.id),
        venture_id: Some(venture.id),
        status: Some(ProjectStatus::Active),
        start_date: Some(date("2025-12-01")),
        end_date: Some(date("2026-01-31")),
        tags: Some(vec!["web".into(), "q4".into()]),
        ..ProjectInsertForm::new("Relaunch")
    };
    let project = Projects::insert(pool, &form).await.unwrap();
    assert_eq!(
        project,
        Project {
            id: project.id,
            global_id: project.global_id,
            name: "Relaunch".into(),
            description: Some("website relaunch".into()),
            owner_person_id: Some(owner.id),
            organization_id: Some(client.id),
            venture_id: Some(venture.id),
            process_template_id: None,
            status: ProjectStatus::Active,
            start_date: Some(date("2025-12-01")),
            end_date: Some(date("2026-01-31")),
            tags: vec!["web".into(), "q4".into()],
            created_at: project.created_at,
            updated_at: project.updated_at,
        }
    );
    assert_eq!(Projects::get(pool, project.id).await.unwrap(), project);
    assert_eq!(
        Projects::get_by_global_id(pool, project.global_id)
            .await
            .unwrap(),
        project
    );
    let changed = Projects::update(
        pool,
        project.id,
        &ProjectUpdateForm {
            status: Some(ProjectStatus::OnHold),
            end_date: Some(None),
            organization_id: Some(None),
            tags: Some(vec![]),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed,
        Project {
            status: ProjectStatus::OnHold,
            end_date: None,
            organization_id: None,
            tags: vec![],
            updated_at: changed.updated_at,
            ..project.clone()
        }
    );
    let on_hold = Projects::list(
        pool,
        &ProjectFilter {
            status: Some(vec![ProjectStatus::OnHold]),
            venture_id: Some(venture.id),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(on_hold.items, vec![changed]);

    // CASCADE: a project's tasks go with it.
    let task = Tasks::insert(
        pool,
        &TaskInsertForm {
            project_id: Some(project.id),
            ..TaskInsertForm::new("owned")
        },
    )
    .await
    .unwrap();
    Projects::delete(pool, project.id).await.unwrap();
    assert!(matches!(
        Tasks::get(pool, task.id).await,
        Err(Error::NotFound { .. })
    ));
    assert!(matches!(
        Projects::get(pool, project.id).await,
        Err(Error::NotFound {
            table: "erp.projects",
            ..
        })
    ));
}

#[tokio::test]
async fn project_filters_pages_and_date_check() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let client = Organizations::insert(pool, &OrganizationInsertForm::new("Client"))
        .await
        .unwrap();
    let mut projects = Vec::new();
    for i in 0..9u32 {
        let form = ProjectInsertForm {
            organization_id: (i % 3 == 0).then_some(client.id),
            status: Some(if i < 5 {
                ProjectStatus::Active
            } else {
                ProjectStatus::Completed
            }),
            start_date: Some(date("2025-01-06") + chrono::Days::new(u64::from(i) * 7)),
            ..ProjectInsertForm::new(format!("Project {}", 9 - i))
        };
        projects.push(Projects::insert(pool, &form).await.unwrap());
    }
    let names = async |filter: ProjectFilter| {
        Projects::list(
            pool,
            &filter,
            SortOrder::asc(ProjectSort::Name),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        names(ProjectFilter {
            organization_id: Some(client.id),
            ..Default::default()
        })
        .await,
        ["Project 3", "Project 6", "Project 9"]
    );
    assert_eq!(
        names(ProjectFilter {
            status: Some(vec![ProjectStatus::Active]),
            start_from: Some(date("2025-01-13")),
            start_to: Some(date("2025-01-27")),
            ..Default::default()
        })
        .await,
        ["Project 6", "Project 7", "Project 8"]
    );
    assert_eq!(
        names(ProjectFilter {
            name_contains: Some("ject 4".into()),
            ..Default::default()
        })
        .await,
        ["Project 4"]
    );
    let by_name: Vec<i64> = projects.iter().rev().map(|p| p.id.0).collect();
    let seen = walk::<Projects>(
        pool,
        &ProjectFilter::default(),
        SortOrder::asc(ProjectSort::Name),
        4,
        async || {
            Projects::insert(pool, &ProjectInsertForm::new("Project 0 late"))
                .await
                .unwrap();
        },
    )
    .await;
    assert_visited_once_in_order(&seen, &by_name);

    let err = Projects::insert(
        pool,
        &ProjectInsertForm {
            start_date: Some(date("2025-12-10")),
            end_date: Some(date("2025-12-09")),
            ..ProjectInsertForm::new("backwards")
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { constraint, column: Some(c), .. }
            if constraint == "projects_end_date_check" && c == "end_date"),
        "{err}"
    );
    let err = Projects::update(
        pool,
        projects[0].id,
        &ProjectUpdateForm {
            end_date: Some(Some(date("2024-12-31"))),
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "end_date"),
        "{err}"
    );
    let err = Projects::insert(
        pool,
        &ProjectInsertForm {
            venture_id: Some(erp_model::VentureId(404)),
            ..ProjectInsertForm::new("no venture")
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::ForeignKeyViolation { constraint, .. } if constraint == "projects_venture_id_fkey"),
        "{err}"
    );
}

#[tokio::test]
async fn a_projects_tasks_by_status() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let project = Projects::insert(pool, &ProjectInsertForm::new("Board"))
        .await
        .unwrap();
    let other = Projects::insert(pool, &ProjectInsertForm::new("Other"))
        .await
        .unwrap();
    for (project_id, title, status, priority) in [
        (
            project.id,
            "write copy",
            TaskStatus::InProgress,
            TaskPriority::Low,
        ),
        (
            project.id,
            "fix bug",
            TaskStatus::InProgress,
            TaskPriority::Urgent,
        ),
        (project.id, "ship", TaskStatus::Done, TaskPriority::Medium),
        (
            project.id,
            "plan",
            TaskStatus::NotStarted,
            TaskPriority::High,
        ),
        (
            other.id,
            "elsewhere",
            TaskStatus::Blocked,
            TaskPriority::High,
        ),
    ] {
        let form = TaskInsertForm {
            project_id: Some(project_id),
            status: Some(status),
            priority: Some(priority),
            ..TaskInsertForm::new(title)
        };
        Tasks::insert(pool, &form).await.unwrap();
    }
    let groups = Projects::tasks_by_status(pool, project.id).await.unwrap();
    let titles: Vec<(TaskStatus, Vec<&str>)> = groups
        .iter()
        .map(|(s, ts)| (*s, ts.iter().map(|t| t.title.as_str()).collect()))
        .collect();
    assert_eq!(
        titles,
        [
            (TaskStatus::NotStarted, vec!["plan"]),
            (TaskStatus::InProgress, vec!["fix bug", "write copy"]),
            (TaskStatus::Blocked, vec![]),
            (TaskStatus::Done, vec!["ship"]),
            (TaskStatus::Cancelled, vec![]),
        ]
    );
    assert!(
        groups
            .iter()
            .flat_map(|(s, ts)| ts.iter().map(move |t| (s, t)))
            .all(|(s, t)| t.status == *s && t.project_id == Some(project.id))
    );
    let unknown = Projects::tasks_by_status(pool, erp_model::ProjectId(404))
        .await
        .unwrap();
    assert!(unknown.iter().all(|(_, ts)| ts.is_empty()));
}

#[tokio::test]
async fn okr_crud_filters_and_pages() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let venture = Ventures::insert(pool, &VentureInsertForm::new("Venture"))
        .await
        .unwrap();
    let key_results = vec![
        KeyResult {
            target: Some(dec!(5)),
            current: Some(dec!(2)),
            unit: Some("clients".into()),
            ..KeyResult::new("Signed retainers")
        },
        KeyResult::new("Publish the playbook"),
    ];
    let form = OkrInsertForm {
        venture_id: Some(venture.id),
        venture_name: Some("Venture".into()),
        key_results: Some(key_results.clone()),
        time_horizon_start: Some(date("2026-01-01")),
        time_horizon_end: Some(date("2026-03-31")),
        status: Some(OkrStatus::Active),
        ..OkrInsertForm::new("Grow recurring revenue")
    };
    let okr = Okrs::insert(pool, &form).await.unwrap();
    assert_eq!(
        okr,
        Okr {
            id: okr.id,
            global_id: okr.global_id,
            owner_person_id: None,
            venture_id: Some(venture.id),
            venture_name: Some("Venture".into()),
            objective: "Grow recurring revenue".into(),
            key_results: key_results.clone(),
            time_horizon_start: Some(date("2026-01-01")),
            time_horizon_end: Some(date("2026-03-31")),
            status: OkrStatus::Active,
            created_at: okr.created_at,
            updated_at: okr.updated_at,
        }
    );
    assert_eq!(Okrs::get(pool, okr.id).await.unwrap(), okr);
    assert_eq!(
        Okrs::get_by_global_id(pool, okr.global_id).await.unwrap(),
        okr
    );
    let changed = Okrs::update(
        pool,
        okr.id,
        &OkrUpdateForm {
            key_results: Some(key_results[..1].to_vec()),
            venture_name: Some(None),
            status: Some(OkrStatus::Achieved),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        changed,
        Okr {
            key_results: key_results[..1].to_vec(),
            venture_name: None,
            status: OkrStatus::Achieved,
            updated_at: changed.updated_at,
            ..okr.clone()
        }
    );

    let mut quarterly = vec![okr.id.0];
    for (i, start) in ["2025-10-01", "2026-04-01", "2026-07-01"]
        .iter()
        .enumerate()
    {
        let start = date(start);
        let form = OkrInsertForm {
            time_horizon_start: Some(start),
            time_horizon_end: Some(start + chrono::Months::new(3) - chrono::Days::new(1)),
            ..OkrInsertForm::new(format!("Objective {i}"))
        };
        quarterly.push(Okrs::insert(pool, &form).await.unwrap().id.0);
    }
    let objectives = async |filter: OkrFilter| {
        Okrs::list(
            pool,
            &filter,
            SortOrder::asc(OkrSort::Objective),
            &PageRequest::default(),
        )
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|o| o.objective)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        objectives(OkrFilter {
            in_horizon_on: Some(date("2026-03-31")),
            ..Default::default()
        })
        .await,
        ["Grow recurring revenue"]
    );
    assert_eq!(
        objectives(OkrFilter {
            horizon_end_from: Some(date("2026-06-30")),
            ..Default::default()
        })
        .await,
        ["Objective 1", "Objective 2"]
    );
    assert_eq!(
        objectives(OkrFilter {
            status: Some(vec![OkrStatus::Achieved]),
            venture_id: Some(venture.id),
            objective_contains: Some("RECURRING".into()),
            ..Default::default()
        })
        .await,
        ["Grow recurring revenue"]
    );
    let seen = walk::<Okrs>(
        pool,
        &OkrFilter::default(),
        SortOrder::asc(OkrSort::Id),
        3,
        async || {},
    )
    .await;
    assert_visited_once_in_order(&seen, &quarterly);

    let err = Okrs::insert(
        pool,
        &OkrInsertForm {
            time_horizon_start: Some(date("2026-02-01")),
            time_horizon_end: Some(date("2026-01-01")),
            ..OkrInsertForm::new("backwards")
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::CheckViolation { column: Some(c), .. } if c == "time_horizon_end"),
        "{err}"
    );
    let err = Okrs::insert(
        pool,
        &OkrInsertForm {
            key_results: Some(vec![KeyResult::new("nul \0 in json")]),
            ..OkrInsertForm::new("bad key result")
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidInput { field, .. } if field == "key_results"),
        "{err}"
    );
    Okrs::delete(pool, okr.id).await.unwrap();
    assert!(matches!(
        Okrs::get(pool, okr.id).await,
        Err(Error::NotFound {
            table: "erp.okrs",
            ..
        })
    ));
}
