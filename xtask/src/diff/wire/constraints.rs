//! Constraints of a schema (lengths, bounds, counts, pattern, multipleOf, uniqueItems, closed
//! objects): each change classified as accepting less (tightened) or more (loosened).

use generator::JsonPointer;
use generator::document::{Schema, number_f64};
use serde_json::Number;

use super::schemas::{is_closed, is_object};
use super::{B, C, Ctx, Differ, P, Rule};

/// Which way a constraint tightens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    /// A maximum: lower is tighter.
    Upper,
    /// A minimum: higher is tighter.
    Lower,
    /// Any other constraint: having one is tighter than having none.
    Present,
}

/// One constraint of a schema as the comparison weighs it.
struct Limit {
    /// The keyword it is written under (`maxLength`, `exclusiveMinimum`, ...).
    key: &'static str,
    /// The bound, for bounds and counts.
    bound: Option<f64>,
    /// An exclusive bound (`exclusiveMinimum`, or 3.0's `exclusiveMinimum: true`).
    exclusive: bool,
    shown: String,
}

impl Limit {
    fn count(key: &'static str, n: Option<u64>) -> Option<Limit> {
        n.map(|n| Limit {
            key,
            bound: Some(n as f64),
            exclusive: false,
            shown: n.to_string(),
        })
    }

    fn text(key: &'static str, text: Option<String>) -> Option<Limit> {
        text.map(|shown| Limit {
            key,
            bound: None,
            exclusive: false,
            shown,
        })
    }

    /// The bound a schema sets with `minimum`/`maximum` and their exclusive forms, the tighter
    /// of the two when both are written.
    fn bound(dir: Dir, inclusive: Option<&Number>, exclusive: Option<&Number>) -> Option<Limit> {
        let (inclusive_key, exclusive_key) = match dir {
            Dir::Upper => ("maximum", "exclusiveMaximum"),
            _ => ("minimum", "exclusiveMinimum"),
        };
        let limit = |key, n: &Number, exclusive| Limit {
            key,
            bound: Some(number_f64(n)),
            exclusive,
            shown: n.to_string(),
        };
        let inclusive = inclusive.map(|n| limit(inclusive_key, n, false));
        let exclusive = exclusive.map(|n| limit(exclusive_key, n, true));
        match (inclusive, exclusive) {
            (Some(i), Some(e)) => Some(if e.tighter_than(&i, dir) { e } else { i }),
            (i, e) => i.or(e),
        }
    }

    fn same(&self, other: &Limit) -> bool {
        self.bound == other.bound
            && self.exclusive == other.exclusive
            && (self.bound.is_some() || self.shown == other.shown)
    }

    /// Whether `self` accepts less than `other` (both bounds of the same direction).
    fn tighter_than(&self, other: &Limit, dir: Dir) -> bool {
        let (Some(x), Some(y)) = (self.bound, other.bound) else {
            return false;
        };
        match dir {
            Dir::Upper => x < y || (x == y && self.exclusive && !other.exclusive),
            Dir::Lower => x > y || (x == y && self.exclusive && !other.exclusive),
            Dir::Present => false,
        }
    }

    fn show(limit: Option<&Limit>) -> String {
        match limit {
            None => "none".into(),
            Some(l) if l.exclusive => format!("`{}` (exclusive)", l.shown),
            Some(l) => format!("`{}`", l.shown),
        }
    }
}

impl Differ<'_> {
    pub(super) fn constraints(&mut self, ctx: Ctx<'_>, o: &Schema, n: &Schema) {
        let limits = |s: &Schema| -> [(&'static str, Dir, Option<Limit>); 11] {
            [
                ("maxLength", Dir::Upper, Limit::count("maxLength", s.max_length)),
                (
                    "maximum",
                    Dir::Upper,
                    Limit::bound(Dir::Upper, s.maximum.as_ref(), s.exclusive_maximum.as_ref()),
                ),
                ("maxItems", Dir::Upper, Limit::count("maxItems", s.max_items)),
                (
                    "maxProperties",
                    Dir::Upper,
                    Limit::count("maxProperties", s.max_properties),
                ),
                ("minLength", Dir::Lower, Limit::count("minLength", s.min_length)),
                (
                    "minimum",
                    Dir::Lower,
                    Limit::bound(Dir::Lower, s.minimum.as_ref(), s.exclusive_minimum.as_ref()),
                ),
                ("minItems", Dir::Lower, Limit::count("minItems", s.min_items)),
                (
                    "minProperties",
                    Dir::Lower,
                    Limit::count("minProperties", s.min_properties),
                ),
                (
                    "uniqueItems",
                    Dir::Present,
                    Limit::text("uniqueItems", s.unique_items.then(|| "true".into())),
                ),
                ("pattern", Dir::Present, Limit::text("pattern", s.pattern.clone())),
                (
                    "multipleOf",
                    Dir::Present,
                    Limit::text("multipleOf", s.multiple_of.as_ref().map(Number::to_string)),
                ),
            ]
        };
        for ((name, dir, a), (_, _, b)) in limits(o).into_iter().zip(limits(n)) {
            let tighter = match (&a, &b) {
                (None, None) => continue,
                (Some(a), Some(b)) if a.same(b) => continue,
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => dir == Dir::Present || b.tighter_than(a, dir),
            };
            let at = match (&a, &b) {
                (_, Some(b)) => n.at.push(b.key),
                (Some(a), None) => o.at.push(a.key),
                (None, None) => continue,
            };
            let detail = format!("{name} {} → {}", Limit::show(a.as_ref()), Limit::show(b.as_ref()));
            self.tightened(ctx, tighter, at, detail);
        }
        if is_object(o) && is_object(n) && is_closed(o) != is_closed(n) {
            let detail = if is_closed(n) {
                "additionalProperties: false (unknown properties rejected)"
            } else {
                "additionalProperties no longer false"
            };
            self.tightened(ctx, is_closed(n), n.at.push("additionalProperties"), detail.into());
        }
    }

    fn tightened(&mut self, ctx: Ctx<'_>, tighter: bool, at: JsonPointer, detail: String) {
        let (rule, sev) = if tighter {
            (Rule::ConstraintTightened, ctx.usage.pick((B, C), (C, P)))
        } else {
            (Rule::ConstraintLoosened, ctx.usage.pick((C, P), (P, C)))
        };
        self.push(rule, ctx.subject, &at, sev, detail);
    }
}
