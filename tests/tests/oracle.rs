//! `openapiv3` as an independent oracle for the document layer: for every OpenAPI 3.0 corpus
//! document it reads, both must agree on the operations (method, path, operationId), the
//! parameters of each operation (name, location, required; path-item parameters overridden by
//! the operation's on name and location), and the names of the component schemas.
//!
//! `openapiv3` reads only 3.0 and is used nowhere else in the project.

mod common;

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, Parameter, ParameterData, ReferenceOr};

type Op = (String, String, Option<String>);
type Param = (String, String, bool);

/// What the oracle sees: operations, and each operation's parameters.
fn oracle_view(api: &OpenAPI) -> (Vec<Op>, Vec<Vec<Param>>) {
    let resolve = |p: &ReferenceOr<Parameter>| -> Option<ParameterData> {
        let param = match p {
            ReferenceOr::Item(p) => p.clone(),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                match api.components.as_ref()?.parameters.get(name)? {
                    ReferenceOr::Item(p) => p.clone(),
                    ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        Some(param.parameter_data())
    };
    let mut ops = Vec::new();
    let mut params = Vec::new();
    for (path, item) in api.paths.iter() {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in item.iter() {
            ops.push((method.to_uppercase(), path.clone(), op.operation_id.clone()));
            let mut merged: Vec<Param> = Vec::new();
            for (list, _) in [(&item.parameters, true), (&op.parameters, false)] {
                for p in list {
                    let (Some(data), Some(loc)) = (resolve(p), location_of(p, api)) else {
                        continue;
                    };
                    let same = |q: &Param| {
                        q.1 == loc
                            && if loc == "header" {
                                q.0.eq_ignore_ascii_case(&data.name)
                            } else {
                                q.0 == data.name
                            }
                    };
                    merged.retain(|q| !same(q));
                    let required = data.required || loc == "path";
                    merged.push((data.name.clone(), loc, required));
                }
            }
            params.push(merged);
        }
    }
    (ops, params)
}

/// Where a parameter travels, its reference followed.
fn location_of(p: &ReferenceOr<Parameter>, api: &OpenAPI) -> Option<String> {
    let param = match p {
        ReferenceOr::Item(p) => p,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            match api.components.as_ref()?.parameters.get(name)? {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { .. } => return None,
            }
        }
    };
    Some(
        match param {
            Parameter::Query { .. } => "query",
            Parameter::Header { .. } => "header",
            Parameter::Path { .. } => "path",
            Parameter::Cookie { .. } => "cookie",
        }
        .to_owned(),
    )
}

/// The same, from the document layer.
fn layer_view(doc: &generator::Document) -> (Vec<Op>, Vec<Vec<Param>>) {
    let sites = doc.operations();
    let ops = sites
        .iter()
        .map(|s| {
            (
                s.operation.method.as_upper().to_owned(),
                s.key.to_owned(),
                s.operation.operation_id.clone(),
            )
        })
        .collect();
    let params = sites
        .iter()
        .map(|s| {
            doc.parameters_of(s.item, s.operation)
                .into_iter()
                .filter_map(|l| l.param.ok())
                .map(|p| (p.name.clone(), p.location.as_str().to_owned(), p.is_required()))
                .collect()
        })
        .collect();
    (ops, params)
}

#[test]
fn the_document_layer_agrees_with_openapiv3_on_every_3_0_corpus_document() {
    let corpus = xtask::corpus::corpus_dir(None).unwrap_or_else(|e| panic!("{e}"));
    let documents = xtask::corpus::list_documents(&corpus).unwrap_or_else(|e| panic!("{e}"));
    let mut compared = 0;
    let mut operations = 0;
    for document in documents {
        let text = std::fs::read_to_string(&document.path).unwrap();
        let doc = generator::load_spec(&document.name, &text).unwrap_or_else(|e| panic!("{e}"));
        if doc.version != generator::document::Version::V3_0 {
            continue;
        }
        let value = generator::load::parse_value(&document.name, &text).unwrap();
        let Ok(api) = serde_json::from_value::<OpenAPI>(value) else {
            eprintln!("{}: openapiv3 does not read it; skipped", document.name);
            continue;
        };
        let (oracle_ops, oracle_params) = oracle_view(&api);
        let (layer_ops, layer_params) = layer_view(&doc);
        assert_eq!(layer_ops, oracle_ops, "{}: operations", document.name);
        for ((op, want), got) in oracle_ops.iter().zip(&oracle_params).zip(&layer_params) {
            assert_eq!(got, want, "{}: parameters of {op:?}", document.name);
        }
        let oracle_schemas: BTreeSet<&String> = api.components.iter().flat_map(|c| c.schemas.keys()).collect();
        let layer_schemas: BTreeSet<&String> = doc.components.schemas.keys().collect();
        assert_eq!(layer_schemas, oracle_schemas, "{}: component schemas", document.name);
        compared += 1;
        operations += oracle_ops.len();
    }
    eprintln!("oracle: {compared} documents, {operations} operations agree");
    assert!(compared >= 17, "only {compared} 3.0 corpus documents were compared");
}
