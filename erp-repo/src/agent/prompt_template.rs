//! `agent.prompt_template`: to be written.
