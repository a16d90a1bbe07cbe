//! Operations and their parameters: matching operations across the two documents (operationId,
//! else method and path), and comparing what each one takes.

use std::collections::BTreeSet;

use generator::JsonPointer;
use generator::document::{Document, OperationSite, ParamLocation, Parameter};
use serde_json::Value;

use super::{B, C, Ctx, Differ, P, REQUEST, Rule, show_opt};

/// One operation of a document (webhooks are not compared).
pub(super) struct Op<'d> {
    /// The operationId, else `METHOD /path`: how operations are matched and named.
    key: String,
    id: Option<&'d str>,
    pub(super) site: OperationSite<'d>,
}

impl Op<'_> {
    fn route(&self) -> String {
        format!("{} {}", self.site.operation.method.as_upper(), self.site.key)
    }

    /// Where the operation is listed (`#/paths/~1a/get`).
    pub(super) fn at(&self) -> &JsonPointer {
        &self.site.at
    }

    fn same_route(&self, other: &Op<'_>) -> bool {
        self.site.operation.method == other.site.operation.method && self.site.key == other.site.key
    }
}

fn operations(doc: &Document) -> Vec<Op<'_>> {
    doc.operations()
        .into_iter()
        .filter(|s| !s.is_webhook)
        .map(|site| {
            let id = site.operation.operation_id.as_deref().filter(|s| !s.is_empty());
            Op {
                key: id.map_or_else(
                    || format!("{} {}", site.operation.method.as_upper(), site.key),
                    str::to_owned,
                ),
                id,
                site,
            }
        })
        .collect()
}

/// A parameter an operation takes, its reference followed: (location, name) matches it.
struct Param<'d> {
    key: (ParamLocation, &'d str),
    p: &'d Parameter,
}

impl Param<'_> {
    fn what(&self) -> String {
        format!("{} `{}`", self.key.0.as_str(), self.key.1)
    }

    fn is_idempotency_key(&self) -> bool {
        self.p.extensions.get("x-idempotency-key") == Some(&Value::Bool(true))
    }
}

/// The parameters of an operation: the path item's, overridden by the operation's own (those
/// whose reference is broken are left out; validation reports them).
fn params_of<'d>(doc: &'d Document, op: &Op<'d>) -> Vec<Param<'d>> {
    doc.parameters_of(op.site.item, op.site.operation)
        .into_iter()
        .filter_map(|listed| listed.param.ok())
        .map(|p| Param {
            key: (p.location, p.name.as_str()),
            p,
        })
        .collect()
}

impl<'a> Differ<'a> {
    pub(super) fn operations(&mut self) {
        let old_ops = operations(self.old);
        let new_ops = operations(self.new);
        let mut matched = vec![false; old_ops.len()];
        let mut pairs: Vec<(Option<usize>, usize)> = Vec::new();
        for (ni, n) in new_ops.iter().enumerate() {
            let found = old_ops.iter().position(|o| o.key == n.key);
            if let Some(oi) = found {
                matched[oi] = true;
            }
            pairs.push((found, ni));
        }
        // Fallback: an operation whose operationId changed keeps its method and path.
        for pair in pairs.iter_mut().filter(|p| p.0.is_none()) {
            let n = &new_ops[pair.1];
            if let Some(oi) = (0..old_ops.len()).find(|&oi| !matched[oi] && old_ops[oi].same_route(n)) {
                matched[oi] = true;
                pair.0 = Some(oi);
            }
        }
        for (oi, ni) in pairs {
            let n = &new_ops[ni];
            match oi {
                Some(oi) => self.operation(&old_ops[oi], n),
                None => self.push(
                    Rule::OperationAdded,
                    &n.key,
                    n.at(),
                    (C, B),
                    format!("`{}`; servers must implement it", n.route()),
                ),
            }
        }
        for (_, o) in old_ops.iter().enumerate().filter(|(i, _)| !matched[*i]) {
            self.push(
                Rule::OperationRemoved,
                &o.key,
                o.at(),
                (B, C),
                format!("`{}`", o.route()),
            );
        }
    }

    fn operation(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let subject = n.key.as_str();
        if o.key != n.key {
            self.push(
                Rule::OperationIdChanged,
                subject,
                &n.at().push("operationId"),
                (C, C),
                format!(
                    "`{}` → `{}`: same wire, renamed Rust method",
                    o.id.unwrap_or("(none)"),
                    n.id.unwrap_or("(none)")
                ),
            );
        }
        if !o.same_route(n) {
            self.push(
                Rule::OperationMoved,
                subject,
                n.at(),
                (B, B),
                format!("`{}` → `{}`", o.route(), n.route()),
            );
        }
        let (oo, no) = (o.site.operation, n.site.operation);
        self.deprecated(subject, oo.deprecated, no.deprecated, n.at());
        self.operation_security(subject, oo, no, n.at());
        self.require_any_of(subject, o, n);
        self.extensions(subject, &oo.extensions, &no.extensions, n.at(), &["x-require-any-of"]);
        self.parameters(subject, o, n);
        self.request_body(subject, o, n);
        self.responses(subject, o, n);
    }

    fn require_any_of(&mut self, subject: &str, o: &Op<'_>, n: &Op<'_>) {
        let groups = |op: &Op<'_>| -> Vec<BTreeSet<String>> {
            op.site
                .operation
                .extensions
                .get("x-require-any-of")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .map(|g| g.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .collect()
        };
        let (og, ng) = (groups(o), groups(n));
        if og == ng {
            return;
        }
        let show_group = |g: &BTreeSet<String>| format!("[{}]", g.iter().cloned().collect::<Vec<_>>().join(", "));
        let at = n.at().push("x-require-any-of");
        // A group G is implied by an old group O when O ⊆ G (one of O given → one of G given).
        for g in ng.iter().filter(|g| !og.iter().any(|o| o.is_subset(g))) {
            let detail = format!("x-require-any-of: at least one of {} now required", show_group(g));
            self.push(Rule::ConstraintTightened, subject, &at, (B, C), detail);
        }
        for g in og.iter().filter(|g| !ng.iter().any(|n| n.is_subset(g))) {
            let detail = format!("x-require-any-of: at least one of {} no longer required", show_group(g));
            self.push(Rule::ConstraintLoosened, subject, &at, (C, P), detail);
        }
    }

    // ---- parameters -------------------------------------------------------------------------

    fn parameters(&mut self, subject: &str, o: &Op<'a>, n: &Op<'a>) {
        let op = params_of(self.old, o);
        let np = params_of(self.new, n);
        self.parameters_added_removed(subject, &op, &np);
        for p in &np {
            let Some(q) = op.iter().find(|q| q.key == p.key) else {
                continue;
            };
            self.parameter(subject, q, p);
        }
        let key = |params: &[Param<'a>]| {
            params
                .iter()
                .find(|p| p.is_idempotency_key())
                .map(|p| (p.key.1, &p.p.at))
        };
        let (ok, nk) = (key(&op), key(&np));
        if ok.map(|k| k.0) != nk.map(|k| k.0) {
            let at = nk.map_or_else(|| n.at().clone(), |k| k.1.clone());
            let name = |k: Option<(&str, _)>| k.map_or("none".to_owned(), |k| format!("`{}`", k.0));
            self.push(
                Rule::IdempotencyKeyChanged,
                subject,
                &at,
                (B, B),
                format!("idempotency header {} → {}", name(ok), name(nk)),
            );
        }
    }

    /// Parameters only one side has; one removed and one added in the same place with the same
    /// schema is a rename.
    fn parameters_added_removed(&mut self, subject: &str, op: &[Param<'a>], np: &[Param<'a>]) {
        let removed: Vec<&Param<'_>> = op.iter().filter(|p| !np.iter().any(|q| q.key == p.key)).collect();
        let mut added: Vec<&Param<'_>> = np.iter().filter(|p| !op.iter().any(|q| q.key == p.key)).collect();
        for r in removed {
            let renamed = added.iter().position(|a| {
                a.key.0 == r.key.0 && a.p.is_required() == r.p.is_required() && self.same_param_schema(r.p, a.p)
            });
            if let Some(i) = renamed {
                let a = added.remove(i);
                let sev = if a.p.is_required() { (B, P) } else { (P, P) };
                let detail = format!(
                    "{} `{}` → `{}`? (one removed, one added with the same schema)",
                    a.key.0.as_str(),
                    r.key.1,
                    a.key.1
                );
                self.push(Rule::ParameterRenamed, subject, &a.p.at, sev, detail);
            } else {
                let detail = format!("{}: the server ignores it from now on", r.what());
                self.push(Rule::ParameterRemoved, subject, &r.p.at, (P, C), detail);
            }
        }
        for a in added {
            let required = a.p.is_required();
            let sev = if required { (B, C) } else { (C, C) };
            let detail = format!("{} ({})", a.what(), if required { "required" } else { "optional" });
            self.push(Rule::ParameterAdded, subject, &a.p.at, sev, detail);
        }
    }

    /// Whether two parameters' schemas (references followed) are the same but for documentation.
    fn same_param_schema(&self, o: &Parameter, n: &Parameter) -> bool {
        match (o.value_schema(), n.value_schema()) {
            (None, None) => true,
            (Some(os), Some(ns)) => super::schemas::same_shape(self.old.deref_or_self(os), self.new.deref_or_self(ns)),
            _ => false,
        }
    }

    /// A parameter both sides have.
    fn parameter(&mut self, subject: &str, q: &Param<'a>, p: &Param<'a>) {
        let (old, new) = (q.p, p.p);
        let at = &new.at;
        let what = p.what();
        match (old.is_required(), new.is_required()) {
            (false, true) => self.push(Rule::ParameterBecameRequired, subject, at, (B, C), what.clone()),
            (true, false) => self.push(Rule::ParameterBecameOptional, subject, at, (C, P), what.clone()),
            _ => {}
        }
        self.deprecated(subject, old.deprecated, new.deprecated, at);
        let serialization = |p: &Parameter| {
            [
                ("style", p.style.clone().map(Value::String)),
                ("explode", p.explode.map(Value::Bool)),
                ("allowEmptyValue", p.allow_empty_value.map(Value::Bool)),
                ("allowReserved", p.allow_reserved.map(Value::Bool)),
            ]
        };
        for ((key, a), (_, b)) in serialization(old).into_iter().zip(serialization(new)) {
            if a != b {
                let detail = format!(
                    "{what}: serialization {key} {} → {}",
                    show_opt(a.as_ref()),
                    show_opt(b.as_ref())
                );
                self.push(Rule::TypeChanged, subject, &at.push(key), (B, B), detail);
            }
        }
        self.extensions(subject, &old.extensions, &new.extensions, at, &["x-idempotency-key"]);
        if let (Some(os), Some(ns)) = (old.value_schema(), new.value_schema()) {
            let ctx = Ctx {
                subject,
                usage: REQUEST,
            };
            self.schema(ctx, os, ns);
        }
    }
}
