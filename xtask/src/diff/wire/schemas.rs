//! Schemas: component schemas matched by name, and two schemas at the same place compared
//! keyword by keyword (type, format, nullability, enums, defaults, properties, compositions).

use std::collections::BTreeSet;

use generator::JsonPointer;
use generator::document::{Discriminator, Schema};
use serde_json::Value;

use super::{B, C, Ctx, Differ, P, Rule, show, show_opt};

/// Whether two schemas are the same but for what only documents them (titles, descriptions,
/// examples, external docs) and where they are written.
pub(super) fn same_shape(a: &Schema, b: &Schema) -> bool {
    let strip = |s: &Schema| {
        let mut s = s.clone();
        strip_docs(&mut s);
        s
    };
    strip(a) == strip(b)
}

fn strip_docs(s: &mut Schema) {
    s.at = JsonPointer::root();
    s.title = None;
    s.description = None;
    s.examples.clear();
    s.other.shift_remove("externalDocs");
    if let Some(r) = &mut s.reference {
        r.at = JsonPointer::root();
        r.summary = None;
        r.description = None;
    }
    if let Some(d) = &mut s.discriminator {
        d.at = JsonPointer::root();
    }
    let maps = s
        .properties
        .values_mut()
        .chain(s.defs.values_mut())
        .chain(s.definitions.values_mut());
    let lists = s
        .prefix_items
        .iter_mut()
        .chain(&mut s.all_of)
        .chain(&mut s.one_of)
        .chain(&mut s.any_of);
    let single = [&mut s.additional_properties, &mut s.items, &mut s.not]
        .into_iter()
        .filter_map(|b| b.as_deref_mut());
    maps.chain(lists).chain(single).for_each(strip_docs);
}

/// What a schema is, for type comparisons: its types, else its composition, else its shape.
fn kind(s: &Schema) -> String {
    if !s.types.is_empty() {
        return s.types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ");
    }
    if s.nullable && s.const_value == Some(Value::Null) {
        return "null".into();
    }
    for (list, name) in [(&s.one_of, "oneOf"), (&s.any_of, "anyOf"), (&s.all_of, "allOf")] {
        if !list.is_empty() {
            return name.into();
        }
    }
    if !s.properties.is_empty() || s.additional_properties.is_some() {
        return "object".into();
    }
    if s.items.is_some() {
        return "array".into();
    }
    "any".into()
}

/// `additionalProperties: false`.
pub(super) fn is_closed(s: &Schema) -> bool {
    s.additional_properties
        .as_deref()
        .is_some_and(|a| a.boolean == Some(false))
}

pub(super) fn is_object(s: &Schema) -> bool {
    kind(s) == "object"
}

/// The last token of a reference (`#/components/schemas/X` → `X`).
fn ref_name(s: &Schema) -> Option<&str> {
    let target = &s.reference.as_ref()?.target;
    Some(target.rsplit('/').next().unwrap_or(target))
}

/// What a discriminator says on the wire.
fn discriminator(s: &Schema) -> Option<(&String, &indexmap::IndexMap<String, String>)> {
    s.discriminator.as_ref().map(
        |Discriminator {
             property_name, mapping, ..
         }| (property_name, mapping),
    )
}

impl<'a> Differ<'a> {
    pub(super) fn schemas(&mut self) {
        let (os, ns) = (&self.old.components.schemas, &self.new.components.schemas);
        let base = JsonPointer::root().push("components").push("schemas");
        for (name, n) in ns {
            match os.get(name) {
                None => self.push(Rule::SchemaAdded, name, &base.push(name), (C, C), String::new()),
                Some(o) => {
                    let usage = self.usage.get(name).copied().unwrap_or_default();
                    self.schema(Ctx { subject: name, usage }, o, n);
                }
            }
        }
        for name in os.keys().filter(|k| !ns.contains_key(*k)) {
            let detail = "its uses are reported where they changed";
            self.push(Rule::SchemaRemoved, name, &base.push(name), (C, C), detail.into());
        }
    }

    /// Compares two schemas at the same place. References to the same component stop here (the
    /// component itself is compared once, by name).
    pub(super) fn schema(&mut self, ctx: Ctx<'_>, o: &'a Schema, n: &'a Schema) {
        if let (Some(a), Some(b)) = (&o.reference, &n.reference) {
            if a.target == b.target {
                // `nullable: true` beside the reference belongs to this place, not the component.
                self.nullable(ctx, o.nullable, n.nullable, &n.at);
                return;
            }
            let same = same_shape(self.old.deref_or_self(o), self.new.deref_or_self(n));
            let (sev, note) = if same { ((C, C), ", same shape") } else { ((B, B), "") };
            let names = (ref_name(o).unwrap_or_default(), ref_name(n).unwrap_or_default());
            let detail = format!("now `{}` (was `{}`){note}", names.1, names.0);
            self.push(Rule::TypeChanged, ctx.subject, &n.at, sev, detail);
            return;
        }
        let (od, nd) = (self.old.deref_or_self(o), self.new.deref_or_self(n));
        let (subject, at) = (ctx.subject, &nd.at);
        let (ok, nk) = (kind(od), kind(nd));
        if ok != nk {
            self.push(Rule::TypeChanged, subject, at, (B, B), format!("`{ok}` → `{nk}`"));
            return;
        }
        if od.format != nd.format {
            let show = |f: &Option<String>| show_opt(f.clone().map(Value::String).as_ref());
            let detail = format!("{} → {}", show(&od.format), show(&nd.format));
            self.push(Rule::FormatChanged, subject, &at.push("format"), (B, B), detail);
        }
        if discriminator(od) != discriminator(nd) {
            let detail = "discriminator changed".into();
            self.push(Rule::TypeChanged, subject, &at.push("discriminator"), (B, B), detail);
        }
        self.nullable(ctx, o.nullable || od.nullable, n.nullable || nd.nullable, at);
        self.enums(ctx, od, nd);
        self.constraints(ctx, od, nd);
        if od.default != nd.default {
            let detail = format!("{} → {}", show_opt(od.default.as_ref()), show_opt(nd.default.as_ref()));
            let sev = ctx.usage.pick((P, P), (P, C));
            self.push(Rule::DefaultChanged, subject, &at.push("default"), sev, detail);
        }
        self.deprecated(subject, od.deprecated, nd.deprecated, at);
        self.extensions(subject, &od.extensions, &nd.extensions, at, &[]);
        self.properties(ctx, od, nd);
        if let (Some(oi), Some(ni)) = (&od.items, &nd.items) {
            self.schema(ctx, oi, ni);
        }
        if let (Some(oa), Some(na)) = (&od.additional_properties, &nd.additional_properties)
            && oa.boolean.is_none()
            && na.boolean.is_none()
        {
            self.schema(ctx, oa, na);
        }
        self.compositions(ctx, od, nd);
    }

    fn nullable(&mut self, ctx: Ctx<'_>, old: bool, new: bool, at: &JsonPointer) {
        let (sev, detail) = match (old, new) {
            (false, true) => (ctx.usage.pick((C, P), (P, C)), "now nullable"),
            (true, false) => (ctx.usage.pick((B, C), (C, P)), "no longer nullable"),
            _ => return,
        };
        self.push(
            Rule::NullableChanged,
            ctx.subject,
            &at.push("nullable"),
            sev,
            detail.into(),
        );
    }

    fn enums(&mut self, ctx: Ctx<'_>, o: &Schema, n: &Schema) {
        let list = |e: &[Value]| {
            e.iter()
                .map(|v| format!("`{}`", show(v)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (oat, nat) = (o.at.push("enum"), n.at.push("enum"));
        match (&o.enum_values, &n.enum_values) {
            (None, None) => {}
            (None, Some(ne)) => self.push(
                Rule::ConstraintTightened,
                ctx.subject,
                &nat,
                ctx.usage.pick((B, C), (C, P)),
                format!("now restricted to {}", list(ne)),
            ),
            (Some(oe), None) => self.push(
                Rule::ConstraintLoosened,
                ctx.subject,
                &oat,
                ctx.usage.pick((C, P), (P, C)),
                format!("no longer restricted to {}", list(oe)),
            ),
            (Some(oe), Some(ne)) => {
                for v in ne.iter().filter(|v| !oe.contains(v)) {
                    let note = if ctx.usage.response || !ctx.usage.request {
                        " (older clients decode it as `Unknown`; a new Rust variant)"
                    } else {
                        " (servers must accept it; a new Rust variant)"
                    };
                    let sev = ctx.usage.pick((C, P), (C, C));
                    self.push(
                        Rule::EnumValueAdded,
                        ctx.subject,
                        &nat,
                        sev,
                        format!("`{}`{note}", show(v)),
                    );
                }
                for v in oe.iter().filter(|v| !ne.contains(v)) {
                    let sev = ctx.usage.pick((B, C), (C, P));
                    self.push(Rule::EnumValueRemoved, ctx.subject, &oat, sev, format!("`{}`", show(v)));
                }
            }
        }
    }

    fn properties(&mut self, ctx: Ctx<'_>, o: &'a Schema, n: &'a Schema) {
        let (op, np) = (&o.properties, &n.properties);
        if op.is_empty() && np.is_empty() {
            return;
        }
        let oreq: BTreeSet<&String> = o.required.iter().collect();
        let nreq: BTreeSet<&String> = n.required.iter().collect();
        let subject = ctx.subject;
        let removed: Vec<&String> = op.keys().filter(|k| !np.contains_key(*k)).collect();
        let mut added: Vec<&String> = np.keys().filter(|k| !op.contains_key(*k)).collect();
        for r in removed {
            if let Some(i) = added.iter().position(|a| same_shape(&np[*a], &op[r])) {
                let a = added.remove(i);
                let sev = ctx.usage.pick(if nreq.contains(a) { (B, P) } else { (P, P) }, (P, P));
                let detail = format!("`{r}` → `{a}`? (one removed, one added with the same schema)");
                self.push(Rule::PropertyRenamed, subject, &np[a].at, sev, detail);
                continue;
            }
            let req = if is_closed(n) { (B, C) } else { (P, C) };
            let was = if oreq.contains(r) { " (was required)" } else { "" };
            self.push(
                Rule::PropertyRemoved,
                subject,
                &op[r].at,
                ctx.usage.pick(req, (B, C)),
                format!("`{r}`{was}"),
            );
        }
        for a in added {
            let (sev, what) = if nreq.contains(a) {
                (ctx.usage.pick((B, C), (C, P)), "required")
            } else {
                ((C, C), "optional")
            };
            self.push(Rule::PropertyAdded, subject, &np[a].at, sev, format!("`{a}` ({what})"));
        }
        for (name, nv) in np {
            let Some(ov) = op.get(name) else { continue };
            let at = n.at.push("required");
            match (oreq.contains(name), nreq.contains(name)) {
                (false, true) => {
                    let sev = ctx.usage.pick((B, C), (C, P));
                    self.push(Rule::PropertyBecameRequired, subject, &at, sev, format!("`{name}`"));
                }
                (true, false) => {
                    let sev = ctx.usage.pick((C, P), (P, C));
                    self.push(Rule::PropertyBecameOptional, subject, &at, sev, format!("`{name}`"));
                }
                _ => {}
            }
            self.schema(ctx, ov, nv);
        }
    }

    fn compositions(&mut self, ctx: Ctx<'_>, o: &'a Schema, n: &'a Schema) {
        let (oa, na) = (&o.all_of, &n.all_of);
        if !oa.is_empty() && !na.is_empty() {
            if oa.len() == na.len() {
                for (a, b) in oa.iter().zip(na) {
                    self.schema(ctx, a, b);
                }
            } else {
                let detail = format!("allOf has {} parts (was {})", na.len(), oa.len());
                self.push(Rule::TypeChanged, ctx.subject, &n.at.push("allOf"), (B, B), detail);
            }
        }
        for (key, oa, na) in [("oneOf", &o.one_of, &n.one_of), ("anyOf", &o.any_of, &n.any_of)] {
            if oa.is_empty() || na.is_empty() {
                continue;
            }
            let label = |(i, s): (usize, &Schema)| ref_name(s).map_or_else(|| format!("#{i}"), str::to_owned);
            let ol: Vec<String> = oa.iter().enumerate().map(label).collect();
            let nl: Vec<String> = na.iter().enumerate().map(label).collect();
            for (i, l) in nl.iter().enumerate() {
                match ol.iter().position(|x| x == l) {
                    Some(j) => self.schema(ctx, &oa[j], &na[i]),
                    None => self.push(
                        Rule::UnionVariantAdded,
                        ctx.subject,
                        &na[i].at,
                        ctx.usage.pick((C, P), (P, C)),
                        format!("{key} alternative `{l}`"),
                    ),
                }
            }
            for (j, l) in ol.iter().enumerate().filter(|(_, l)| !nl.contains(l)) {
                self.push(
                    Rule::UnionVariantRemoved,
                    ctx.subject,
                    &oa[j].at,
                    ctx.usage.pick((B, C), (C, P)),
                    format!("{key} alternative `{l}`"),
                );
            }
        }
    }
}
