//! `agent.context_recipe`: to be written.
