//! agent-model.
