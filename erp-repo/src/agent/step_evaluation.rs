//! `agent.step_evaluation`: to be written.
