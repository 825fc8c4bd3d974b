//! The daily thread, the decision journal, experiments and the notebook: CRUD round trips, their date
//! and uniqueness checks, filters, and their small domain calls.

use erp_model::{
    DailyThreadEntry, DailyThreadEntryInsertForm, DailyThreadEntryUpdateForm, Decision,
    DecisionInsertForm, DecisionStatus, DecisionUpdateForm, Experiment, ExperimentInsertForm,
    ExperimentStatus, ExperimentUpdateForm, ExperimentVerdict, KpiInsertForm, Level, Note,
    NoteInsertForm, NoteType, NoteUpdateForm, OutcomeTypeInsertForm, ProjectInsertForm,
    TopicInsertForm, VentureInsertForm,
};
use erp_repo::erp::{
    DailyThreadEntries, DailyThreadEntryFilter, DailyThreadEntrySort, DecisionFilter, DecisionSort,
    Decisions, ExperimentConclusion, ExperimentFilter, Experiments, Kpis, NoteFilter, NoteSort,
    Notes, OutcomeTypes, Projects, Topics, Ventures,
};
use erp_repo::{Error, PageRequest, SortOrder};
use erp_testkit::TestDb;
use rust_decimal_macros::dec;

use super::{assert_check, date};
use crate::sessions_events::{person, round_trip};

#[tokio::test]
async fn daily_thread_one_entry_per_person_per_day() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let ana = person(pool, "Ana").await;
    let form = DailyThreadEntryInsertForm {
        entry_date: Some(date("2025-11-03")),
        person_id: Some(ana),
        wins: Some("signed Acme".into()),
        energy: Some(Level::High),
        tags: Some(vec!["sales".into()]),
        ..DailyThreadEntryInsertForm::new("Kickoff prep, proposal review")
    };
    let entry = DailyThreadEntries::insert(pool, &form).await.unwrap();
    assert_eq!(
        entry,
        DailyThreadEntry {
            id: entry.id,
            global_id: entry.global_id,
            entry_date: date("2025-11-03"),
            person_id: Some(ana),
            content: "Kickoff prep, proposal review".into(),
            wins: Some("signed Acme".into()),
            blockers: None,
            energy: Some(Level::High),
            tags: vec!["sales".into()],
            created_at: entry.created_at,
            updated_at: entry.updated_at,
        }
    );
    let dup = DailyThreadEntries::insert(pool, &form).await;
    assert!(matches!(dup, Err(Error::UniqueViolation { .. })), "{dup:?}");
    let unattributed = DailyThreadEntries::insert(
        pool,
        &DailyThreadEntryInsertForm {
            entry_date: Some(date("2025-11-03")),
            ..DailyThreadEntryInsertForm::new("team note")
        },
    )
    .await
    .unwrap();
    // NULLS NOT DISTINCT: one unattributed entry per day too.
    let dup = DailyThreadEntries::insert(
        pool,
        &DailyThreadEntryInsertForm {
            entry_date: Some(date("2025-11-03")),
            ..DailyThreadEntryInsertForm::new("another")
        },
    )
    .await;
    assert!(matches!(dup, Err(Error::UniqueViolation { .. })), "{dup:?}");
    assert_eq!(
        DailyThreadEntries::of_day(pool, Some(ana), date("2025-11-03"))
            .await
            .unwrap(),
        Some(entry.clone())
    );
    assert_eq!(
        DailyThreadEntries::of_day(pool, None, date("2025-11-03"))
            .await
            .unwrap(),
        Some(unattributed.clone())
    );
    assert_eq!(
        DailyThreadEntries::of_day(pool, Some(ana), date("2025-11-04"))
            .await
            .unwrap(),
        None
    );
    let page = DailyThreadEntries::list(
        pool,
        &DailyThreadEntryFilter {
            tags: Some(vec!["sales".into()]),
            energy: Some(Level::High),
            date_from: Some(date("2025-11-01")),
            content_contains: Some("proposal".into()),
            ..Default::default()
        },
        SortOrder::desc(DailyThreadEntrySort::EntryDate),
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(page.items, vec![entry.clone()]);
    round_trip::<DailyThreadEntries>(
        pool,
        entry.id,
        &entry,
        &DailyThreadEntryUpdateForm {
            blockers: Some(Some("waiting on legal".into())),
            energy: Some(None),
            ..Default::default()
        },
        |c| DailyThreadEntry {
            blockers: Some("waiting on legal".into()),
            energy: None,
            updated_at: c.updated_at,
            ..entry.clone()
        },
        &DailyThreadEntryFilter {
            person_id: Some(ana),
            ..Default::default()
        },
        &DailyThreadEntryUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn decision_journal_review_cycle() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let ana = person(pool, "Ana").await;
    let venture = Ventures::insert(pool, &VentureInsertForm::new("Consulting"))
        .await
        .unwrap();
    let project = Projects::insert(pool, &ProjectInsertForm::new("Site"))
        .await
        .unwrap();
    let topic = Topics::insert(pool, &TopicInsertForm::new("Pricing"))
        .await
        .unwrap();
    let form = DecisionInsertForm {
        decided_on: Some(date("2025-11-01")),
        context: Some("margins".into()),
        options: Some("hourly, fixed".into()),
        decision: Some("fixed price sprints".into()),
        rationale: Some("predictable".into()),
        expected_outcome: Some("+10% margin".into()),
        review_on: Some(date("2026-02-01")),
        decided_by: Some(ana),
        venture_id: Some(venture.id),
        project_id: Some(project.id),
        topic_id: Some(topic.id),
        ..DecisionInsertForm::new("Fixed pricing")
    };
    let decision = Decisions::insert(pool, &form).await.unwrap();
    assert_eq!(
        decision,
        Decision {
            id: decision.id,
            global_id: decision.global_id,
            title: "Fixed pricing".into(),
            decided_on: date("2025-11-01"),
            status: DecisionStatus::Decided,
            context: Some("margins".into()),
            options: Some("hourly, fixed".into()),
            decision: Some("fixed price sprints".into()),
            rationale: Some("predictable".into()),
            expected_outcome: Some("+10% margin".into()),
            review_on: Some(date("2026-02-01")),
            actual_outcome: None,
            decided_by: Some(ana),
            venture_id: Some(venture.id),
            project_id: Some(project.id),
            topic_id: Some(topic.id),
            created_at: decision.created_at,
            updated_at: decision.updated_at,
        }
    );
    assert_check(
        Decisions::insert(
            pool,
            &DecisionInsertForm {
                decided_on: Some(date("2025-11-01")),
                review_on: Some(date("2025-10-01")),
                ..DecisionInsertForm::new("Backwards")
            },
        )
        .await,
        "decision_journal",
        "review_on",
    );
    let proposed = Decisions::insert(
        pool,
        &DecisionInsertForm {
            status: Some(DecisionStatus::Proposed),
            decided_on: Some(date("2025-12-01")),
            review_on: Some(date("2026-01-01")),
            ..DecisionInsertForm::new("Hire")
        },
    )
    .await
    .unwrap();
    assert!(
        Decisions::due_for_review(pool, date("2026-01-31"))
            .await
            .unwrap()
            .is_empty()
    );
    let due = Decisions::due_for_review(pool, date("2026-02-01"))
        .await
        .unwrap();
    assert_eq!(due, vec![decision.clone()]);
    let reviewed = Decisions::review(pool, decision.id, "+12% margin")
        .await
        .unwrap();
    assert_eq!(
        (reviewed.status, reviewed.actual_outcome.as_deref()),
        (DecisionStatus::Reviewed, Some("+12% margin"))
    );
    assert!(
        Decisions::due_for_review(pool, date("2026-12-31"))
            .await
            .unwrap()
            .is_empty()
    );
    for filter in [
        DecisionFilter {
            decided_by: Some(ana),
            ..Default::default()
        },
        DecisionFilter {
            venture_id: Some(venture.id),
            project_id: Some(project.id),
            topic_id: Some(topic.id),
            ..Default::default()
        },
        DecisionFilter {
            decided_from: Some(date("2025-11-01")),
            decided_to: Some(date("2025-11-01")),
            review_from: Some(date("2026-01-15")),
            ..Default::default()
        },
    ] {
        let page = Decisions::list(
            pool,
            &filter,
            SortOrder::asc(DecisionSort::Title),
            &PageRequest::default(),
        )
        .await
        .unwrap();
        assert_eq!(page.items, vec![reviewed.clone()]);
    }
    round_trip::<Decisions>(
        pool,
        proposed.id,
        &proposed,
        &DecisionUpdateForm {
            status: Some(DecisionStatus::Reversed),
            review_on: Some(None),
            ..Default::default()
        },
        |c| Decision {
            status: DecisionStatus::Reversed,
            review_on: None,
            updated_at: c.updated_at,
            ..proposed.clone()
        },
        &DecisionFilter {
            status: Some(vec![DecisionStatus::Reversed]),
            title_contains: Some("hire".into()),
            ..Default::default()
        },
        &DecisionUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn experiments_run_and_conclude() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let kpi = Kpis::insert(pool, &KpiInsertForm::new("Reply rate"))
        .await
        .unwrap();
    let outcome = OutcomeTypes::insert(pool, &OutcomeTypeInsertForm::new("Pipeline"))
        .await
        .unwrap();
    let owner = person(pool, "Olav").await;
    let form = ExperimentInsertForm {
        hypothesis: Some("short emails get more replies".into()),
        success_criteria: Some("reply rate > 8%".into()),
        status: Some(ExperimentStatus::Running),
        kpi_id: Some(kpi.id),
        outcome_type_id: Some(outcome.id),
        owner_person_id: Some(owner),
        start_date: Some(date("2025-11-01")),
        baseline_value: Some(dec!(5.5)),
        target_value: Some(dec!(8)),
        ..ExperimentInsertForm::new("Short cold emails")
    };
    let exp = Experiments::insert(pool, &form).await.unwrap();
    assert_eq!(
        exp,
        Experiment {
            id: exp.id,
            global_id: exp.global_id,
            name: "Short cold emails".into(),
            hypothesis: Some("short emails get more replies".into()),
            success_criteria: Some("reply rate > 8%".into()),
            status: ExperimentStatus::Running,
            verdict: None,
            kpi_id: Some(kpi.id),
            outcome_type_id: Some(outcome.id),
            owner_person_id: Some(owner),
            start_date: Some(date("2025-11-01")),
            end_date: None,
            baseline_value: Some(dec!(5.5)),
            target_value: Some(dec!(8)),
            result_value: None,
            learnings: None,
            created_at: exp.created_at,
            updated_at: exp.updated_at,
        }
    );
    let conclusion = ExperimentConclusion {
        verdict: ExperimentVerdict::Validated,
        result_value: Some(dec!(9.2)),
        learnings: Some("keep it under 80 words".into()),
        end_date: date("2025-10-01"),
    };
    assert_check(
        Experiments::conclude(pool, exp.id, &conclusion).await,
        "experiments",
        "end_date",
    );
    let done = Experiments::conclude(
        pool,
        exp.id,
        &ExperimentConclusion {
            end_date: date("2025-11-30"),
            ..conclusion
        },
    )
    .await
    .unwrap();
    assert_eq!(
        done,
        Experiment {
            status: ExperimentStatus::Completed,
            verdict: Some(ExperimentVerdict::Validated),
            result_value: Some(dec!(9.2)),
            learnings: Some("keep it under 80 words".into()),
            end_date: Some(date("2025-11-30")),
            updated_at: done.updated_at,
            ..exp.clone()
        }
    );
    for filter in [
        ExperimentFilter {
            kpi_id: Some(kpi.id),
            verdict: Some(vec![ExperimentVerdict::Validated]),
            ..Default::default()
        },
        ExperimentFilter {
            outcome_type_id: Some(outcome.id),
            owner_person_id: Some(owner),
            ..Default::default()
        },
        ExperimentFilter {
            status: Some(vec![ExperimentStatus::Completed]),
            start_from: Some(date("2025-11-01")),
            start_to: Some(date("2025-11-30")),
            name_contains: Some("cold".into()),
            ..Default::default()
        },
    ] {
        let page = Experiments::list(pool, &filter, SortOrder::default(), &PageRequest::default())
            .await
            .unwrap();
        assert_eq!(page.items, vec![done.clone()]);
    }
    round_trip::<Experiments>(
        pool,
        exp.id,
        &done,
        &ExperimentUpdateForm {
            verdict: Some(Some(ExperimentVerdict::Inconclusive)),
            learnings: Some(None),
            ..Default::default()
        },
        |c| Experiment {
            verdict: Some(ExperimentVerdict::Inconclusive),
            learnings: None,
            updated_at: c.updated_at,
            ..done.clone()
        },
        &ExperimentFilter {
            kpi_id: Some(kpi.id),
            ..Default::default()
        },
        &ExperimentUpdateForm::default(),
    )
    .await;
}

#[tokio::test]
async fn notebook_crud_and_filters() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let topic = Topics::insert(pool, &TopicInsertForm::new("Agents"))
        .await
        .unwrap();
    let ana = person(pool, "Ana").await;
    let form = NoteInsertForm {
        content: Some("notes from the call".into()),
        note_type: Some(NoteType::MeetingNotes),
        topic_id: Some(topic.id),
        author_person_id: Some(ana),
        source_url: Some("https://meet.example/1".into()),
        tags: Some(vec!["acme".into(), "kickoff".into()]),
        ..NoteInsertForm::new("Acme kickoff")
    };
    let note = Notes::insert(pool, &form).await.unwrap();
    assert_eq!(
        note,
        Note {
            id: note.id,
            global_id: note.global_id,
            title: "Acme kickoff".into(),
            content: Some("notes from the call".into()),
            note_type: NoteType::MeetingNotes,
            topic_id: Some(topic.id),
            author_person_id: Some(ana),
            source_url: Some("https://meet.example/1".into()),
            tags: vec!["acme".into(), "kickoff".into()],
            created_at: note.created_at,
            updated_at: note.updated_at,
        }
    );
    let plain = Notes::insert(pool, &NoteInsertForm::new("Scratch"))
        .await
        .unwrap();
    assert_eq!((plain.note_type, plain.tags.len()), (NoteType::Note, 0));
    for filter in [
        NoteFilter {
            topic_id: Some(topic.id),
            ..Default::default()
        },
        NoteFilter {
            author_person_id: Some(ana),
            note_type: Some(vec![NoteType::MeetingNotes, NoteType::Research]),
            ..Default::default()
        },
        NoteFilter {
            tags: Some(vec!["kickoff".into()]),
            created_from: Some(note.created_at),
            created_to: Some(note.created_at),
            title_contains: Some("ACME".into()),
            ..Default::default()
        },
    ] {
        let page = Notes::list(
            pool,
            &filter,
            SortOrder::asc(NoteSort::Title),
            &PageRequest::default(),
        )
        .await
        .unwrap();
        assert_eq!(page.items, vec![note.clone()]);
    }
    // A note outlives its topic.
    Topics::delete(pool, topic.id).await.unwrap();
    let kept = Notes::get(pool, note.id).await.unwrap();
    assert_eq!(kept.topic_id, None);
    round_trip::<Notes>(
        pool,
        note.id,
        &kept,
        &NoteUpdateForm {
            note_type: Some(NoteType::Reference),
            tags: Some(vec![]),
            ..Default::default()
        },
        |c| Note {
            note_type: NoteType::Reference,
            tags: vec![],
            updated_at: c.updated_at,
            ..kept.clone()
        },
        &NoteFilter {
            author_person_id: Some(ana),
            ..Default::default()
        },
        &NoteUpdateForm::default(),
    )
    .await;
}
