//! `agent.graph_edge`: to be written.
