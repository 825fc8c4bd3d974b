//! `agent.client_profile`: to be written.
