//! Integration tests of erp-model: labels, week and variance arithmetic, serde round trips of every
//! entity, and (with the `sqlx` feature) a real database decoding a row of every table and view.

mod coda_samples;
mod currency;
mod forms_serde;
mod labels;
mod round_trip;
mod samples;
mod variance;
mod week;

#[cfg(feature = "sqlx")]
mod coda_database;
#[cfg(feature = "sqlx")]
mod database;
