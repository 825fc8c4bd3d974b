//! Every repository call runs in a `tracing` span naming its table and operation, with the rows it
//! returned or the error's code, and never a bound value.

use std::sync::{Arc, Mutex};

use erp_model::{PersonInsertForm, TaskId, TaskInsertForm};
use erp_repo::erp::{People, Tasks};
use erp_testkit::TestDb;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Collects every span field as `name=value` text, in order.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut Vec<String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push(format!("{}={value}", field.name()));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut out = self.0.lock().unwrap();
        out.push("span".into());
        span.record(&mut Fields(&mut out));
        Id::from_u64(out.len() as u64)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn calls_are_spans_with_table_operation_and_rows_but_no_values() {
    let db = TestDb::new().await.unwrap();
    let pool = db.pool();
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());

    People::insert(pool, &PersonInsertForm::new("Ada Secret-Name"))
        .await
        .unwrap();
    Tasks::insert_many(
        pool,
        &[TaskInsertForm::new("one"), TaskInsertForm::new("two")],
    )
    .await
    .unwrap();
    Tasks::get(pool, TaskId(987_654)).await.unwrap_err();

    let seen = recorder.0.lock().unwrap().join(" ");
    for expected in [
        "table=erp.people op=insert",
        "rows=1",
        "table=erp.tasks op=insert_many",
        "rows=2",
        "table=erp.tasks op=get",
        "error=not_found",
    ] {
        assert!(seen.contains(expected), "{expected} missing from {seen}");
    }
    assert!(
        !seen.contains("Secret"),
        "a bound value reached a span: {seen}"
    );
}
