//! How forms read from and write to JSON: what a service's request body may leave out, and what it says.

use erp_model::{OfferInsertForm, OfferUpdateForm, PricingModel};
use serde_json::json;

#[test]
fn insert_forms_need_their_required_fields_and_leave_the_rest_to_the_database() {
    let form: OfferInsertForm = serde_json::from_value(json!({"name": "Audit"})).unwrap();
    assert_eq!(form, OfferInsertForm::new("Audit"));
    // A form serializes only what it sets.
    assert_eq!(
        serde_json::to_value(&form).unwrap(),
        json!({"name": "Audit"})
    );
    let missing =
        serde_json::from_value::<OfferInsertForm>(json!({"description": "x"})).unwrap_err();
    assert!(missing.to_string().contains("name"), "{missing}");
}

#[test]
fn update_forms_tell_leaving_a_column_from_clearing_it() {
    let empty: OfferUpdateForm = serde_json::from_value(json!({})).unwrap();
    assert!(empty.is_empty());
    assert_eq!(serde_json::to_value(&empty).unwrap(), json!({}));
    let form: OfferUpdateForm =
        serde_json::from_value(json!({"description": null, "pricing_model": "Fixed"})).unwrap();
    assert_eq!(
        form,
        OfferUpdateForm {
            description: Some(None),
            pricing_model: Some(Some(PricingModel::Fixed)),
            ..Default::default()
        }
    );
    assert_eq!(
        serde_json::to_value(&form).unwrap(),
        json!({"description": null, "pricing_model": "Fixed"})
    );
}
