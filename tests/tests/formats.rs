//! The CRM's typed formats over the spec's own examples: every local date-time, RFC 3339
//! date-time and money amount that an example of a request or response body (or of a
//! component) holds parses as its Rust type and writes back the same text or number. A
//! failure names the example's place and the value.

mod common;

use chrono::{DateTime, FixedOffset};
use generator::Document;
use generator::document::{Schema, SchemaType};
use rust_decimal::Decimal;
use serde_json::Value;
use shuyun_crm::format_time::LocalDateTime;
use shuyun_crm::support::Lenient;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Local,
    DateTime,
    Money,
}

/// The typed kind a schema (or the schema it references) gives its values.
fn kind(doc: &Document, schema: &Schema) -> Option<Kind> {
    [schema, doc.deref_or_self(schema)].into_iter().find_map(|s| {
        if matches!(s.local_date_time(), Some(Ok(_))) {
            Some(Kind::Local)
        } else if matches!(s.decimal(), Some(Ok(_))) {
            Some(Kind::Money)
        } else if s.format.as_deref() == Some("date-time") && s.single_type() == Some(SchemaType::String) {
            Some(Kind::DateTime)
        } else {
            None
        }
    })
}

/// Every value of `value` at a typed place of `schema`, with its path.
fn typed_values<'v>(
    doc: &Document,
    schema: &Schema,
    value: &'v Value,
    path: String,
    out: &mut Vec<(Kind, String, &'v Value)>,
) {
    if let Some(kind) = kind(doc, schema) {
        out.push((kind, path, value));
        return;
    }
    let target = doc.deref_or_self(schema);
    for part in target.all_of.iter().chain(&target.one_of).chain(&target.any_of) {
        typed_values(doc, part, value, path.clone(), out);
    }
    match value {
        Value::Object(fields) => {
            for (key, field) in fields {
                let property = target.properties.get(key).or(target.additional_properties.as_deref());
                if let Some(property) = property {
                    typed_values(doc, property, field, format!("{path}.{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = target.items.as_deref() {
                for (i, element) in items.iter().enumerate() {
                    typed_values(doc, item, element, format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

/// The JSON examples of the spec with their schemas: components, request and response bodies.
fn examples(doc: &Document) -> Vec<(String, &Schema, Value)> {
    let mut out = Vec::new();
    for (name, schema) in &doc.components.schemas {
        for (at, example) in &schema.examples {
            out.push((format!("{name} ({at})"), schema, example.clone()));
        }
    }
    for site in doc.operations() {
        let id = site.operation.operation_id.clone().unwrap_or_default();
        let mut bodies = Vec::new();
        if let Some(body) = &site.operation.request_body {
            bodies.push((format!("{id} request"), &doc.resolve(body).expect("resolves").content));
        }
        for entry in &site.operation.responses {
            let response = doc.resolve(&entry.response).expect("resolves");
            bodies.push((format!("{id} {}", entry.key), &response.content));
        }
        for (what, content) in bodies {
            let Some(media) = content.get("application/json") else {
                continue;
            };
            let (Some(schema), Some(example)) = (&media.schema, common::examples::success_example(doc, media)) else {
                continue;
            };
            out.push((what, schema, example));
        }
    }
    out
}

fn round_trips<T: shuyun_crm::support::Format>(value: &Value) -> Result<(), String> {
    let typed: Lenient<T> = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    if let Some(text) = typed.unparsed() {
        return Err(format!("does not parse: {text}"));
    }
    let back = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    let same = match (value, &back) {
        (Value::Number(a), Value::Number(b)) => {
            a.to_string().parse::<Decimal>().ok() == b.to_string().parse::<Decimal>().ok()
        }
        _ => *value == back,
    };
    if same {
        Ok(())
    } else {
        Err(format!("written back as {back}"))
    }
}

#[test]
fn every_typed_value_of_the_crm_examples_parses_and_round_trips() {
    let doc = common::crm();
    let mut found = Vec::new();
    for (what, schema, example) in examples(&doc) {
        let mut values = Vec::new();
        typed_values(&doc, schema, &example, String::new(), &mut values);
        found.extend(
            values
                .into_iter()
                .map(|(kind, path, value)| (kind, format!("{what}{path}"), value.clone())),
        );
    }
    let mut failures = Vec::new();
    for (kind, place, value) in &found {
        let outcome = match kind {
            Kind::Local => round_trips::<LocalDateTime<28800>>(value),
            Kind::DateTime => round_trips::<DateTime<FixedOffset>>(value),
            Kind::Money => round_trips::<Decimal>(value),
        };
        if let Err(problem) = outcome {
            failures.push(format!("{place} = {value}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} typed example value(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The examples reach each kind (a walker that found nothing would pass vacuously).
    let count = |k: Kind| found.iter().filter(|(kind, _, _)| *kind == k).count();
    let counts = (count(Kind::Local), count(Kind::DateTime), count(Kind::Money));
    assert!(
        counts.0 >= 5 && counts.1 >= 10 && counts.2 >= 5,
        "(local, date-time, money) values: {counts:?}"
    );
}
