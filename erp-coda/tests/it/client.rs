//! The Coda client against the mock: pages, retries, refusals.

use std::time::Instant;

use erp_coda::{Error, NoProgress, PulledDoc};

use crate::common::client;
use crate::common::fixture::{self, DOC};
use crate::common::mock::{Mock, TOKEN};

#[tokio::test]
async fn pull_follows_every_page_through_429s_and_a_500_and_loses_nothing() {
    let mock = Mock::start(fixture::tables(), true).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    let (doc, stats) = client(&mock.url, TOKEN)
        .pull(DOC, Some(dir.path()), &NoProgress)
        .await
        .expect("pull");
    // Retry-After: 1 on the first call was honoured; four requests were retried in all.
    assert!(
        started.elapsed().as_millis() >= 1000,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(stats.retries, 4, "{stats:?}");
    assert_eq!(stats.requests, mock.requests());
    let expected = fixture::doc();
    assert_eq!(doc.tables.len(), 36);
    for (got, want) in doc.tables.iter().zip(&expected.tables) {
        assert_eq!(got.table.id, want.table.id);
        assert_eq!(got.columns, want.columns, "{}", want.table.name);
        assert_eq!(got.rows, want.rows, "{}", want.table.name);
    }
    // The saved raw responses load back to the same doc, page files and all.
    let loaded = PulledDoc::load(dir.path()).expect("load");
    assert_eq!(loaded, doc);
    assert!(
        dir.path()
            .join("tables")
            .join(fixture::TASKS)
            .join("rows")
            .join("page-0002.json")
            .exists()
    );
}

#[tokio::test]
async fn a_wrong_token_fails_fast_without_showing_the_token() {
    let mock = Mock::start(fixture::tables(), true).await;
    let err = client(&mock.url, "wrong-token-123")
        .pull(DOC, None, &NoProgress)
        .await
        .expect_err("refused");
    assert!(
        matches!(err, Error::TokenRefused { status: 401, .. }),
        "{err:?}"
    );
    assert_eq!(mock.requests(), 1, "no retry on 401");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("wrong-token-123"), "{text}");
    assert!(text.contains("refused the API token"), "{text}");
}

#[tokio::test]
async fn unknown_doc_and_table_are_named() {
    let mock = Mock::start(fixture::tables(), false).await;
    let c = client(&mock.url, TOKEN);
    let err = c
        .pull("NoSuchDoc", None, &NoProgress)
        .await
        .expect_err("404");
    assert!(
        matches!(&err, Error::NotFound { resource, .. } if resource == "doc NoSuchDoc"),
        "{err:?}"
    );
    let mut stats = erp_coda::PullStats::default();
    let err = c.rows(DOC, "grid-nope", &mut stats).await.expect_err("404");
    assert!(
        err.to_string()
            .contains("table grid-nope of doc CxcSmXz318"),
        "{err}"
    );
}

#[tokio::test]
async fn retries_are_bounded() {
    // A server that is always down: the client gives up after max_attempts, quickly.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/apis/v1", listener.local_addr().expect("addr"));
    drop(listener);
    let mut config = erp_coda::ClientConfig::new(url, erp_coda::ApiToken::new(TOKEN));
    config.max_attempts = 3;
    config.base_backoff = std::time::Duration::from_millis(5);
    let err = erp_coda::CodaClient::new(config)
        .expect("client")
        .pull(DOC, None, &NoProgress)
        .await
        .expect_err("down");
    assert!(
        matches!(err, Error::RetriesExhausted { attempts: 3, .. }),
        "{err:?}"
    );
}
