//! What a service returns reads back into the SDK's own types: the operations' results derive both
//! Serialize and Deserialize and live in the model crates, so a client needs no sqlx.

use std::fmt::Debug;

use agent_model::MemoryEntryInsertForm;
use chrono::{NaiveDate, TimeZone, Utc};
use erp_model::{ExecutionRunInsertForm, IsoWeek, TaskInsertForm};
use erp_repo::agent::MemoryEntries;
use erp_repo::erp::{ExecutionRuns, Sprints, Tasks};
use erp_testkit::TestDb;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn reads_back<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), value, "{json}");
}

#[tokio::test]
async fn logged_runs_boards_and_remembered_memories_read_back() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let day = NaiveDate::from_ymd_opt(2025, 12, 10).unwrap();
    let task = Tasks::insert(
        pool,
        &TaskInsertForm {
            scheduled_start_date: Some(day),
            ..TaskInsertForm::new("write the report")
        },
    )
    .await
    .unwrap();
    let logged = ExecutionRuns::log_run(
        pool,
        &ExecutionRunInsertForm {
            task_id: Some(task.id),
            started_at: Some(Utc.with_ymd_and_hms(2025, 12, 10, 9, 0, 0).unwrap()),
            ..ExecutionRunInsertForm::new()
        },
    )
    .await
    .unwrap();
    reads_back(&logged);
    Sprints::ensure_for(pool, day).await.unwrap();
    let board = Sprints::board(pool, IsoWeek::of(day)).await.unwrap();
    assert_eq!(board.tasks.len(), 1);
    reads_back(&board);
    let remembered =
        MemoryEntries::remember(pool, &MemoryEntryInsertForm::new("acme", "likes tea"))
            .await
            .unwrap();
    reads_back(&remembered);
}

#[tokio::test]
async fn memory_rows_serialize_slim_without_their_embedding() {
    let db = TestDb::new().await.unwrap();
    let values: Vec<f32> = (0..1536).map(|i| (i as f32 * 0.37).cos()).collect();
    let form = MemoryEntryInsertForm {
        embedding: Some(agent_model::Embedding::new(values).unwrap()),
        ..MemoryEntryInsertForm::new("acme", "likes tea")
    };
    let remembered = MemoryEntries::remember(db.pool(), &form).await.unwrap();
    assert!(remembered.entry.embedding.is_some());
    let json = serde_json::to_value(&remembered).unwrap();
    let entry = json["entry"].as_object().unwrap();
    assert!(!entry.contains_key("embedding"), "{json}");
    assert!(!entry.contains_key("embedding_sig"), "{json}");
    let hash = entry["content_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 64);
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    // Small enough for a response: the 1,536 floats alone would be ~15 kB.
    assert!(
        json.to_string().len() < 1_000,
        "{} bytes",
        json.to_string().len()
    );
    let back: agent_model::Remembered = serde_json::from_value(json).unwrap();
    assert_eq!(back.entry.content_hash, remembered.entry.content_hash);
    assert_eq!(back.entry.embedding, None);
    assert_eq!(
        agent_model::MemoryEntry {
            embedding: None,
            embedding_sig: None,
            ..remembered.entry
        },
        back.entry
    );
}
