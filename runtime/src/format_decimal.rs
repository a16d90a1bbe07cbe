//! Exact decimals (`x-decimal`, money) as a [`Decimal`]: the digits the
//! service wrote, never a binary float's neighbour of them. JSON numbers are read through
//! serde_json's shortest form of the number, which gives back the digits as written for up to
//! 15 significant digits (far beyond any amount in yuan), and written as numbers the same way.

use ::rust_decimal::Decimal;
use ::rust_decimal::prelude::ToPrimitive as _;

use crate::support::Format;

impl Format for Decimal {
    const NAME: &'static str = "decimal number";
    const NUMBER: bool = true;

    fn parse(text: &str) -> Option<Self> {
        let __text = text.trim();
        __text
            .parse::<Decimal>()
            .or_else(|_| Decimal::from_scientific(__text))
            .ok()
    }

    fn write(&self) -> String {
        self.to_string()
    }

    fn as_f64(&self) -> Option<f64> {
        self.to_f64()
    }
}
