//! `Currency`: three capital ASCII letters, as the database's `currency` CHECKs want, in text and JSON.

use erp_model::{Currency, CurrencyError};

#[test]
fn codes_of_three_capitals_parse_and_print_as_given() {
    for code in ["EUR", "USD", "GBP", "CAD", "CHF", "AUD", "JPY", "XAU"] {
        let currency: Currency = code.parse().unwrap();
        assert_eq!(currency.as_str(), code);
        assert_eq!(currency.to_string(), code);
        assert_eq!(Currency::try_from(code), Ok(currency));
        let json = serde_json::to_string(&currency).unwrap();
        assert_eq!(json, format!("{code:?}"));
        assert_eq!(serde_json::from_str::<Currency>(&json).unwrap(), currency);
    }
    assert_eq!(Currency::new("EUR"), Ok(Currency::EUR));
    assert_eq!(Currency::USD.as_ref(), "USD");
}

#[test]
fn anything_else_is_refused_with_the_value_quoted() {
    for bad in [
        "", "E", "EU", "eur", "Eur", "EURO", " EUR", "EUR ", "E1R", "€UR", "ÉUR", "US$", "EU\u{0}",
    ] {
        let err = Currency::new(bad).unwrap_err();
        assert_eq!(
            err,
            CurrencyError {
                value: bad.to_owned()
            }
        );
        assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        let json = serde_json::to_string(bad).unwrap();
        assert!(serde_json::from_str::<Currency>(&json).is_err(), "{bad:?}");
    }
    assert!(serde_json::from_str::<Currency>("42").is_err());
    assert!(serde_json::from_str::<Currency>("null").is_err());
}
