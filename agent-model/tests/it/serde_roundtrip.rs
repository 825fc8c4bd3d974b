//! serde round trips of every entity: its row, its insert form and its update form, which keeps
//! "leave alone" (`None`, absent) apart from "clear" (`Some(None)`, `null`).

use crate::{fixtures, insert_keys, keys, update_keys};
use agent_model::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Debug;

/// Its JSON reads back to the value, or, for a row whose JSON leaves a heavy field out (memories and
/// episodes leave out their embedding), to a value whose JSON is the same.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) -> Value {
    let json = serde_json::to_value(value).unwrap();
    let back = serde_json::from_value::<T>(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), json);
    let text = serde_json::to_string(value).unwrap();
    let back_text = serde_json::from_str::<T>(&text).unwrap();
    assert_eq!(back_text, back);
    let slim = ["::MemoryEntry", "::Episode"]
        .iter()
        .any(|name| std::any::type_name::<T>().ends_with(name));
    if !slim {
        assert_eq!(&back, value);
    }
    json
}

/// `row` with every value replaced by `null`.
fn all_null(row: &Value) -> Value {
    Value::Object(
        row.as_object()
            .unwrap()
            .keys()
            .map(|k| (k.clone(), Value::Null))
            .collect(),
    )
}

fn check<R, I, U>(table: &str, row: R, is_empty: fn(&U) -> bool)
where
    R: Serialize + DeserializeOwned + PartialEq + Debug,
    I: Serialize + DeserializeOwned + PartialEq + Debug,
    U: Serialize + DeserializeOwned + PartialEq + Debug + Default,
{
    round_trip(&row);
    let row_json = crate::fixtures::full_json(table, &row);

    // The insert form, every field set: it holds exactly the columns the database does not fill.
    let insert: I =
        serde_json::from_value(row_json.clone()).unwrap_or_else(|e| panic!("{table}: {e}"));
    let insert_json = round_trip(&insert);
    assert_eq!(
        keys(&insert_json),
        insert_keys(&row_json),
        "{table} insert form"
    );

    // The update form, every field set.
    let update: U = serde_json::from_value(row_json.clone()).unwrap();
    let update_json = round_trip(&update);
    assert_eq!(
        keys(&update_json),
        update_keys(table, &row_json),
        "{table} update form"
    );
    assert!(!is_empty(&update), "{table}");

    // The empty update form writes nothing and reads back empty.
    let empty = U::default();
    assert!(is_empty(&empty), "{table}");
    assert_eq!(round_trip(&empty), serde_json::json!({}), "{table}");

    // The update form with every column cleared: the nullable ones are `Some(None)`, written as null; the
    // others are left alone (a NOT NULL column cannot be cleared) and not written.
    let cleared: U = serde_json::from_value(all_null(&row_json)).unwrap();
    let cleared_json = round_trip(&cleared);
    let cleared_keys = keys(&cleared_json);
    assert!(
        cleared_json
            .as_object()
            .unwrap()
            .values()
            .all(Value::is_null),
        "{table}"
    );
    assert_eq!(is_empty(&cleared), cleared_keys.is_empty(), "{table}");
    for key in &cleared_keys {
        // Clearing one column is not leaving it alone.
        let one: U = serde_json::from_value(serde_json::json!({ key.as_str(): null })).unwrap();
        assert!(!is_empty(&one), "{table}.{key}");
        assert_eq!(
            round_trip(&one),
            serde_json::json!({ key.as_str(): null }),
            "{table}.{key}"
        );
        // And the row agrees that the column is nullable.
        let mut nulled = row_json.clone();
        nulled[key.as_str()] = Value::Null;
        serde_json::from_value::<R>(nulled)
            .unwrap_or_else(|e| panic!("{table}.{key} is not Option: {e}"));
    }
}

macro_rules! serde_tests {
    ($($table:ident: $fixture:ident, $row:ident, $insert:ident, $update:ident;)+) => {$(
        #[test]
        fn $table() {
            check::<$row, $insert, $update>(stringify!($table), fixtures::$fixture(), $update::is_empty);
        }
    )+};
}

for_each_entity!(serde_tests);

#[test]
fn graph_neighbor() {
    round_trip(&GraphNeighbor {
        neighbor_id: GraphNodeId(2),
        neighbor_node_id: "task:1".into(),
        neighbor_type: NodeType::Task,
        edge_id: GraphEdgeId(1),
        edge_type: EdgeType::PartOf,
        direction: EdgeDirection::Incoming,
        edge_properties: serde_json::json!({}),
    });
}

#[test]
fn constructors_set_only_the_required_columns() {
    let memory = MemoryEntryInsertForm::new("c", "x");
    let json = serde_json::to_value(&memory).unwrap();
    let set: Vec<&String> = json
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, _)| k)
        .collect();
    assert_eq!(set, ["client_id", "content"]);
    assert_eq!(SessionInsertForm::new(), SessionInsertForm::default());
    let event = EventInsertForm::new(SessionId(3), EventType::Message);
    assert_eq!(
        (event.session_id, event.event_type, event.payload),
        (SessionId(3), EventType::Message, None)
    );
}
