//! Shared helpers: the fixture doc, the mock Coda API, and a client for it.

pub mod fixture;
pub mod mock;

use std::time::Duration;

use erp_coda::{ApiToken, ClientConfig, CodaClient};

/// A client of the mock with short waits: backoff from 10 ms, no wait above 2 s.
pub fn client(url: &str, token: &str) -> CodaClient {
    let mut config = ClientConfig::new(url, ApiToken::new(token));
    config.base_backoff = Duration::from_millis(10);
    config.max_wait = Duration::from_secs(2);
    config.page_limit = 2;
    CodaClient::new(config).expect("client")
}
