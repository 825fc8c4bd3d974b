//! memory-gateway's path: an agent session with events, execution runs logged idempotently (the same
//! run sent twice is stored once), memories with a TTL (an expired one never shows), facts promoted
//! from salient events, and a recall of the client's context for the next prompt.
//!
//! A scripted walkthrough, run by `tests/examples.rs`; the HTTP service that `cargo run --example memory_gateway`
//! serves is [`crate::http::memory_gateway`].

use std::io::Write;

use agent_model::{
    EMBEDDING_DIM, Embedding, EventInsertForm, EventSource, EventType, FactInsertForm, FactType,
    MemoryEntryInsertForm, MemoryFactInsertForm, MemoryScope, MemoryType, Session, SessionStatus,
    SessionType, SubjectType,
};
use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use erp_model::{ExecutionRunInsertForm, RunStatus, RunType, TaskInsertForm, TaskStatus};
use erp_repo::agent::{
    ContextQuery, Events, Facts, MemoryEntries, MemoryFacts, MemoryFilter, Sessions, StartSession,
    context_for,
};
use erp_repo::erp::{ExecutionRunFilter, ExecutionRuns, Tasks};
use erp_repo::{Db, Error, PageRequest, SortOrder};
use serde_json::json;

use crate::BoxError;
use crate::format::{self, Align, Table};

/// The client whose memory the example keeps.
pub const CLIENT_ID: &str = "northwind";

/// What the agent asks its memory before its next reply.
pub const RECALL_QUERY: &str = "When should the weekly status report go out?";

/// A deterministic stand-in for an embedding model: 1,536 dimensions, each word of the text (lower
/// case, a plural `s` dropped, short and common words skipped) adding ±1 to four hashed dimensions,
/// then scaled to unit length. Texts sharing words point in similar directions, so recall behaves
/// like it would with real embeddings, and the same text always gives the same vector.
pub fn synthetic_embedding(text: &str) -> Embedding {
    const SKIP: [&str; 12] = [
        "the", "and", "for", "with", "that", "this", "should", "when", "what", "their", "our",
        "are",
    ];
    let mut values = vec![0f32; EMBEDDING_DIM];
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() > 2 && !SKIP.contains(&w.as_str()));
    for word in words {
        let word = word.strip_suffix('s').unwrap_or(&word);
        let mut h = fnv1a(word.as_bytes());
        for _ in 0..4 {
            h = splitmix64(h);
            let index = (h % EMBEDDING_DIM as u64) as usize;
            values[index] += if h >> 63 == 1 { -1.0 } else { 1.0 };
        }
    }
    // A small constant part keeps every vector non-zero, even for a text of stop words only.
    values[0] += 0.1;
    let norm = values.iter().map(|v| v * v).sum::<f32>().sqrt();
    values.iter_mut().for_each(|v| *v /= norm);
    Embedding::new(values).expect("1,536 finite values")
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Runs the example as of now, writing its report to `out`.
pub async fn run(db: &Db, out: &mut dyn Write) -> Result<(), BoxError> {
    let pool = db.pool();
    let mut conn = pool.acquire().await?;

    // 1. A session about the client, and what happened in it.
    let session = Sessions::start(
        pool,
        StartSession {
            trace_id: Some("trace-memory-gateway-example".into()),
            metadata: Some(json!({ "channel": "email" })),
            ..StartSession::about(SessionType::Execution, SubjectType::Client, CLIENT_ID)
        },
    )
    .await?;
    writeln!(
        out,
        "Session #{} ({}, about {} {}) started {}",
        session.id,
        session.session_type.label(),
        SubjectType::Client.label(),
        CLIENT_ID,
        session.started_at.format("%Y-%m-%d %H:%M UTC")
    )?;
    use EventType::{Decision, Message, ToolCall, ToolResult};
    // (kind, source, salience, message)
    #[rustfmt::skip]
    let events = [
        (Message,     EventSource::User,  0.9,  "Please send the weekly status report every Friday before noon."),
        (ToolCall,    EventSource::Agent, 0.3,  "calendar.create_event: weekly status report, Fridays 11:00"),
        (ToolResult,  EventSource::Tool,  0.2,  "Event created: every Friday 11:00-11:30"),
        (Decision,    EventSource::Agent, 0.8,  "Use the SaaS onboarding checklist for Northwind."),
        (EventType::Observation, EventSource::Agent, 0.75,
            "Northwind's finance contact is Dana (dana@northwind.example)."),
    ];
    let mut table = Table::new(&[
        ("Event", Align::Right),
        ("Type", Align::Left),
        ("Source", Align::Left),
        ("Salience", Align::Right),
        ("Message", Align::Left),
    ]);
    for (event_type, source, salience, message) in events {
        let form = EventInsertForm {
            event_source: Some(source),
            message: Some(message.to_owned()),
            memory_scope: Some(MemoryScope::Client),
            salience_score: Some(salience),
            subject_type: Some(SubjectType::Client),
            subject_id: Some(CLIENT_ID.to_owned()),
            ..EventInsertForm::new(session.id, event_type)
        };
        let event = Events::append(pool, session.id, &form).await?;
        table.row([
            format!("#{}", event.id),
            event.event_type.label().to_owned(),
            event.event_source.label().to_owned(),
            format!("{:.2}", event.salience_score),
            event.message.unwrap_or_default(),
        ]);
    }
    table.write_to(out, 2)?;

    // 2. The work the session did, logged as an execution run; a retried webhook sends it twice.
    log_runs_idempotently(db, &session, out).await?;

    // 3. Memories, some with a time to live.
    writeln!(out, "\nMemories of {CLIENT_ID}")?;
    let now = Utc::now();
    use MemoryType::{Episodic, Observation, Preference, Semantic};
    let day = 24 * 60;
    // (kind, importance, TTL in minutes, expiry, content)
    #[rustfmt::skip]
    let memories = [
        (Preference,  0.9, None,           None, "Prefers the weekly status report on Fridays before noon"),
        (Semantic,    0.7, None,           None, "Finance contact is Dana, dana@northwind.example"),
        (Observation, 0.5, Some(30 * day), None, "Migrating their CRM this month: expect slow replies"),
        (Episodic,    0.6, Some(day),      None, "Asked for the kick-off deck again; send it today"),
        // Remembered an hour too late: its TTL already ran out, so it never shows.
        (Observation, 0.4, Some(60),       Some(now - TimeDelta::hours(1)),
            "Office closed yesterday for a local holiday"),
        // The same content again: remembered once.
        (Preference,  0.9, None,           None, "Prefers the weekly status report on Fridays before noon"),
    ];
    let mut table = Table::new(&[
        ("Memory", Align::Right),
        ("Type", Align::Left),
        ("Importance", Align::Right),
        ("Expires", Align::Left),
        ("Remembered", Align::Left),
        ("Content", Align::Left),
    ]);
    let mut expired_id = None;
    for (memory_type, importance, ttl, expires_at, content) in memories {
        let form = MemoryEntryInsertForm {
            memory_type: Some(memory_type),
            importance: Some(importance),
            embedding: Some(synthetic_embedding(content)),
            ttl_minutes: ttl,
            expires_at,
            ..MemoryEntryInsertForm::new(CLIENT_ID, content)
        };
        let remembered = MemoryEntries::remember(&mut conn, &form).await?;
        let entry = &remembered.entry;
        let live = entry.is_live_at(now);
        if !live {
            expired_id = Some(entry.id);
        }
        table.row([
            format!("#{}", entry.id),
            entry.memory_type.label().to_owned(),
            format!("{:.2}", entry.importance),
            match entry.expires_at {
                Some(t) if !live => format!("{} (expired)", t.format("%Y-%m-%d %H:%M")),
                Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
                None => "never".to_owned(),
            },
            if remembered.duplicate {
                "duplicate, kept the first".to_owned()
            } else {
                "new".to_owned()
            },
            entry.content.clone(),
        ]);
    }
    table.write_to(out, 2)?;
    let live = MemoryEntries::list(
        pool,
        &MemoryFilter {
            client_id: Some(CLIENT_ID.to_owned()),
            ..Default::default()
        },
        SortOrder::default(),
        &PageRequest::first(100),
    )
    .await?
    .items;
    writeln!(out, "  live memories: {}", live.len())?;
    if let Some(id) = expired_id {
        let lookup = match MemoryEntries::get(pool, id).await {
            Err(Error::NotFound { .. }) => "not found: expired entries are never read".to_owned(),
            Ok(_) => "still readable (unexpected)".to_owned(),
            Err(e) => return Err(e.into()),
        };
        writeln!(out, "  memory #{id}: {lookup}")?;
    }

    // 4. Facts: the salient events become time-bounded facts; key/value facts are kept by confidence.
    writeln!(
        out,
        "\nFacts promoted from salient events (salience >= 0.70)"
    )?;
    let mut table = Table::new(&[
        ("Event", Align::Right),
        ("Fact", Align::Right),
        ("Type", Align::Left),
        ("Valid from", Align::Left),
        ("Content", Align::Left),
    ]);
    let salient = Events::unpromoted_salient(pool, Some(session.id), 0.7, 10).await?;
    for event in salient {
        let fact_type = match event.event_type {
            EventType::Message => FactType::Preference,
            EventType::Decision => FactType::Decision,
            _ => FactType::Relationship,
        };
        let form = FactInsertForm {
            salience_score: Some(event.salience_score),
            category: Some("client".into()),
            ..FactInsertForm::new(
                SubjectType::Client,
                CLIENT_ID,
                fact_type,
                event.message.clone().unwrap_or_default(),
            )
        };
        let (event, fact) = Events::promote_to_fact(&mut conn, event.id, &form).await?;
        table.row([
            format!("#{}", event.id),
            format!("#{}", fact.id),
            fact.fact_type.label().to_owned(),
            fact.valid_from.format("%Y-%m-%d %H:%M").to_string(),
            fact.content,
        ]);
    }
    table.write_to(out, 2)?;
    let valid_now = Facts::valid_at(pool, SubjectType::Client, CLIENT_ID, Utc::now()).await?;
    writeln!(
        out,
        "  facts about {CLIENT_ID} valid now: {}",
        valid_now.len()
    )?;
    for (key, value, category) in [
        ("report_day", "Friday, before noon", "preferences"),
        (
            "finance_contact",
            "Dana <dana@northwind.example>",
            "contacts",
        ),
    ] {
        let form = MemoryFactInsertForm {
            category: Some(category.to_owned()),
            confidence_score: Some(0.9),
            ..MemoryFactInsertForm::new(CLIENT_ID, key, value)
        };
        MemoryFacts::upsert(&mut conn, &form, false).await?;
    }

    // 5. Before the next reply: the client's whole context, memories ranked by similarity to the query.
    writeln!(out, "\nContext for \"{RECALL_QUERY}\"")?;
    let query = synthetic_embedding(RECALL_QUERY);
    let context = context_for(
        pool,
        CLIENT_ID,
        &ContextQuery {
            k_memories: 3,
            ..ContextQuery::new(Some(&query))
        },
    )
    .await?;
    for fact in &context.facts {
        writeln!(
            out,
            "  fact     {} = {} (confidence {:.2})",
            fact.fact_key, fact.fact_value, fact.confidence_score
        )?;
    }
    let mut table = Table::new(&[
        ("Rank", Align::Right),
        ("Similarity", Align::Right),
        ("Memory", Align::Right),
        ("Content", Align::Left),
    ]);
    for (rank, recalled) in context.memories.iter().enumerate() {
        table.row([
            (rank + 1).to_string(),
            format!("{:.3}", recalled.similarity),
            format!("#{}", recalled.entry.id),
            recalled.entry.content.clone(),
        ]);
    }
    table.write_to(out, 2)?;

    let ended = Sessions::end(pool, session.id, SessionStatus::Completed, None).await?;
    writeln!(
        out,
        "\nSession #{} {} after {} ms",
        ended.id,
        ended.status.label(),
        ended
            .ended_at
            .map_or(0, |end| (end - ended.started_at).num_milliseconds())
    )?;
    Ok(())
}

/// Logs one run twice (the second is reported as a duplicate), then a batch holding it a third time.
async fn log_runs_idempotently(
    db: &Db,
    session: &Session,
    out: &mut dyn Write,
) -> Result<(), BoxError> {
    let pool = db.pool();
    let mut conn = pool.acquire().await?;
    let task = Tasks::insert(
        pool,
        &TaskInsertForm {
            status: Some(TaskStatus::Done),
            estimated_hours: Some(rust_decimal::Decimal::new(5, 1)),
            ..TaskInsertForm::new("Set up the weekly status report for Northwind")
        },
    )
    .await?;
    // Whole seconds: the key must compare equal after a round trip, whatever the sender's clock precision.
    let started_at: DateTime<Utc> = session.started_at.trunc_subsecs(0);
    let form = ExecutionRunInsertForm {
        run_type: Some(RunType::Touchpoint),
        task_id: Some(task.id),
        session_id: Some(session.id),
        started_at: Some(started_at),
        ended_at: Some(started_at + TimeDelta::minutes(40)),
        status: Some(RunStatus::Completed),
        outcome_notes: Some("Calendar event created, client confirmed".into()),
        ..ExecutionRunInsertForm::new()
    };
    writeln!(
        out,
        "\nExecution runs (natural key: task #{} + start {})",
        task.id,
        started_at.format("%H:%M:%S")
    )?;
    for attempt in 1..=2 {
        let logged = ExecutionRuns::log_run(&mut conn, &form).await?;
        if logged.created {
            writeln!(
                out,
                "  send {attempt}: run #{} stored, {} h",
                logged.run.id,
                format::hours(logged.run.actual_hours)
            )?;
        } else {
            writeln!(
                out,
                "  send {attempt}: duplicate of run #{}, nothing written",
                logged.run.id
            )?;
        }
    }
    let filter = ExecutionRunFilter {
        session_id: Some(session.id),
        ..Default::default()
    };
    let rows = ExecutionRuns::list(
        pool,
        &filter,
        SortOrder::default(),
        &PageRequest::first(100),
    )
    .await?
    .items;
    writeln!(
        out,
        "  rows for this session after two sends: {}",
        rows.len()
    )?;

    // A batch from the ingest path: the same run a third time, and two new follow-ups.
    let follow_up = |minutes_later: i64, identifier: &str| ExecutionRunInsertForm {
        task_id: None,
        run_identifier: Some(format!("{}/{identifier}", session.global_id)),
        started_at: Some(started_at + TimeDelta::minutes(minutes_later)),
        ended_at: Some(started_at + TimeDelta::minutes(minutes_later + 10)),
        outcome_notes: None,
        ..form.clone()
    };
    let batch = [
        form.clone(),
        follow_up(45, "reminder-email"),
        follow_up(60, "crm-note"),
    ];
    let report = ExecutionRuns::ingest_runs(&mut conn, &batch).await?;
    let rows = ExecutionRuns::list(
        pool,
        &filter,
        SortOrder::default(),
        &PageRequest::first(100),
    )
    .await?
    .items;
    writeln!(
        out,
        "  batch of {}: {} inserted, {} skipped as already logged; rows for this session: {}",
        batch.len(),
        report.inserted,
        report.skipped,
        rows.len()
    )?;
    Ok(())
}
