//! `agent.webhook_execution`: to be written.
