//! `agent.graph_node`: to be written.
