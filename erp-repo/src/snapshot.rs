//! Snapshot tests of the SQL the SDK builds by hand (remember, `context_for`, run ingest, keyset pages):
//! each statement's text, with its `$n` placeholders and bound values, against a checked-in file in
//! `erp-repo/tests/snapshots/`.
//!
//! After changing such a statement on purpose, regenerate the files with
//! `UPDATE_SNAPSHOTS=1 cargo test -p erp-repo --lib snapshot` and review the diff.

use std::path::Path;

use sea_query::Values;

const REGENERATE: &str = "UPDATE_SNAPSHOTS=1 cargo test -p erp-repo --lib snapshot";

/// Longest rendering of one bound value; longer ones (embeddings, signatures) are cut.
const VALUE_WIDTH: usize = 120;

/// The statement as the snapshot file holds it: the SQL on one line, then one `-- $n = value` line per
/// bound value.
pub(crate) fn render(sql: &str, values: &Values) -> String {
    let mut out = format!("{sql}\n");
    for (i, value) in values.iter().enumerate() {
        let mut shown = format!("{value:?}");
        if shown.chars().count() > VALUE_WIDTH {
            shown = shown.chars().take(VALUE_WIDTH).collect::<String>() + "…";
        }
        out.push_str(&format!("-- ${} = {shown}\n", i + 1));
    }
    out
}

/// Asserts that `tests/snapshots/<name>.sql` holds `rendered`, or writes it under `UPDATE_SNAPSHOTS=1`.
pub(crate) fn assert_snapshot(name: &str, rendered: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.sql"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, rendered).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("no snapshot {} ({e}); run `{REGENERATE}`", path.display()));
    assert!(
        expected == rendered,
        "the SQL of {name} differs from {}; if the change is intended, run `{REGENERATE}`\n\
         --- expected\n{expected}\n--- actual\n{rendered}",
        path.display()
    );
}

/// The keyset pages of a list: the first page, and the page after a cursor (the cursor's sort key and
/// id bound, the sort key cast to the column's type).
#[test]
fn snapshot_keyset_pages() {
    use crate::Cursor;
    use crate::erp::{TaskFilter, TaskSort, Tasks};
    use crate::page::{CursorKey, PageRequest, SortOrder};
    use erp_model::TaskStatus;

    let filter = TaskFilter {
        status: Some(vec![TaskStatus::NotStarted, TaskStatus::InProgress]),
        ..TaskFilter::default()
    };
    let (sql, values) =
        Tasks::list_sql(&filter, SortOrder::default(), &PageRequest::first(20)).unwrap();
    assert_snapshot("keyset_first_page", &render(&sql, &values));

    let order = SortOrder::desc(TaskSort::CreatedAt);
    let cursor = Cursor::encode(&CursorKey {
        o: crate::page::ordering_tag::<TaskSort>(TaskSort::CreatedAt.into(), true),
        k: "2025-03-01T09:30:00+00:00".to_owned(),
        i: 42,
    });
    let (sql, values) = Tasks::list_sql(&filter, order, &PageRequest::after(20, cursor)).unwrap();
    assert_snapshot("keyset_page_after_cursor", &render(&sql, &values));
}
