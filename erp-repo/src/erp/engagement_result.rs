//! `erp.engagement_result`: to be written.
