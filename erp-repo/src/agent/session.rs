//! `agent.session`: to be written.
