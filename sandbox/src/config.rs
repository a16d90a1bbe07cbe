//! Settings: grade tiers, the points account, which orders count, and the coupon projects.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shuyun_crm::models::CouponProject;
use shuyun_crm::support::Validate;

/// One grade: reached when the member's cumulative consumption is at least `threshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tier {
    pub id: i64,
    pub name: String,
    /// In yuan, a JSON number in the configuration.
    #[serde(with = "rust_decimal::serde::float")]
    pub threshold: Decimal,
}

/// A grade account: its type (the `accountType` of 4.1 / 4.2) and its tiers, lowest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GradeAccount {
    pub account_type: String,
    pub tiers: Vec<Tier>,
}

/// What the sandbox is configured with (the JSON of `--config FILE`; every key optional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Settings {
    /// Grade accounts. The first is the member grade of 3.4 / 3.6 / 3.17; every one is
    /// reachable by its accountType through 4.1 / 4.2. All are computed from the member's
    /// cumulative consumption.
    pub grades: Vec<GradeAccount>,
    /// The account type of the member's points (3.3, 3.5, 3.7–3.10); any other account type
    /// (5.x, e.g. CPBPAST, and 3.19) is a separate account, opened on first use.
    pub point_account: String,
    /// The `orderStatus` values whose orders count towards consumption (NORMAL adds its
    /// payment, REFUND subtracts it).
    pub counted_order_statuses: Vec<String>,
    /// How long a coupon is valid when its project sets no absolute period (days).
    pub coupon_valid_days: i64,
}

impl Default for Settings {
    fn default() -> Self {
        let tier = |id, name: &str, threshold: i64| Tier {
            id,
            name: name.to_owned(),
            threshold: Decimal::from(threshold),
        };
        Self {
            grades: vec![
                GradeAccount {
                    account_type: "GRADE".to_owned(),
                    tiers: vec![
                        tier(60001, "普卡", 0),
                        tier(60002, "银卡", 1000),
                        tier(60003, "金卡", 3000),
                        tier(60004, "钻石卡", 10000),
                    ],
                },
                GradeAccount {
                    account_type: "JYHGRADE".to_owned(),
                    tiers: vec![
                        tier(70001, "集雅荟会员", 0),
                        tier(70002, "集雅荟银卡", 2000),
                        tier(70003, "集雅荟金卡", 6000),
                    ],
                },
            ],
            point_account: "POINT".to_owned(),
            counted_order_statuses: vec!["FINISHED".to_owned()],
            coupon_valid_days: 30,
        }
    }
}

impl Settings {
    /// Reads settings from JSON (missing keys take their defaults).
    pub fn from_json(text: &str) -> Result<Self, String> {
        let settings: Settings = serde_json::from_str(text).map_err(|e| e.to_string())?;
        settings.check()?;
        Ok(settings)
    }

    /// Replaces the tiers of the member grade account with `NAME:THRESHOLD,...` (ids are
    /// numbered from 1).
    pub fn with_tiers(mut self, spec: &str) -> Result<Self, String> {
        let mut tiers = Vec::new();
        for (i, part) in spec.split(',').map(str::trim).filter(|p| !p.is_empty()).enumerate() {
            let (name, threshold) = part
                .rsplit_once(':')
                .ok_or_else(|| format!("tier `{part}`: expected NAME:THRESHOLD"))?;
            let threshold: Decimal = threshold
                .trim()
                .parse()
                .map_err(|_| format!("tier `{part}`: `{threshold}` is not a number"))?;
            let id = i64::try_from(i).unwrap_or(i64::MAX).saturating_add(1);
            tiers.push(Tier {
                id,
                name: name.trim().to_owned(),
                threshold,
            });
        }
        match self.grades.first_mut() {
            Some(account) => account.tiers = tiers,
            None => self.grades.push(GradeAccount {
                account_type: "GRADE".to_owned(),
                tiers,
            }),
        }
        self.check()?;
        Ok(self)
    }

    /// Checks the settings make sense: tiers start at 0 and rise, ids are distinct.
    pub fn check(&self) -> Result<(), String> {
        if self.grades.is_empty() {
            return Err("at least one grade account is required".to_owned());
        }
        for account in &self.grades {
            let name = &account.account_type;
            let first = account
                .tiers
                .first()
                .ok_or_else(|| format!("grade account {name}: no tiers"))?;
            if !first.threshold.is_zero() {
                return Err(format!("grade account {name}: the first tier must start at 0"));
            }
            for pair in account.tiers.windows(2) {
                if pair[1].threshold <= pair[0].threshold {
                    return Err(format!(
                        "grade account {name}: thresholds must rise ({} then {})",
                        pair[0].name, pair[1].name
                    ));
                }
            }
            let mut ids: Vec<i64> = account.tiers.iter().map(|t| t.id).collect();
            ids.sort_unstable();
            ids.dedup();
            if ids.len() != account.tiers.len() {
                return Err(format!("grade account {name}: tier ids must be distinct"));
            }
        }
        let mut types: Vec<&str> = self.grades.iter().map(|g| g.account_type.as_str()).collect();
        types.sort_unstable();
        types.dedup();
        if types.len() != self.grades.len() {
            return Err("grade account types must be distinct".to_owned());
        }
        if self.point_account.is_empty() {
            return Err("pointAccount must not be empty".to_owned());
        }
        if self.coupon_valid_days < 1 {
            return Err("couponValidDays must be at least 1".to_owned());
        }
        Ok(())
    }

    /// The grade account of a type.
    pub fn grade_account(&self, account_type: &str) -> Option<(usize, &GradeAccount)> {
        self.grades
            .iter()
            .enumerate()
            .find(|(_, g)| g.account_type == account_type)
    }
}

/// The coupon projects shipped with the sandbox (`fixtures/projects.json`).
pub const DEFAULT_PROJECTS: &str = include_str!("../fixtures/projects.json");

/// The seed shipped with the sandbox (`fixtures/seed.json`): the members, points, orders and
/// coupons that the spec's examples name.
pub const DEFAULT_SEED: &str = include_str!("../fixtures/seed.json");

/// Reads coupon projects (a JSON array of 7.2 `CouponProject` objects), each checked against
/// the spec and required to have a projectId.
pub fn parse_projects(text: &str) -> Result<Vec<CouponProject>, String> {
    let projects: Vec<CouponProject> = serde_json::from_str(text).map_err(|e| format!("coupon projects: {e}"))?;
    let mut ids = std::collections::BTreeSet::new();
    for (i, project) in projects.iter().enumerate() {
        let id = project
            .project_id
            .as_deref()
            .filter(|id| !id.is_empty())
            .ok_or_else(|| format!("coupon project #{i}: no projectId"))?;
        if !ids.insert(id.to_owned()) {
            return Err(format!("coupon project {id}: defined twice"));
        }
        project.validate().map_err(|e| format!("coupon project {id}: {e}"))?;
        // A date-time that is not RFC 3339 was kept unparsed and `validate()` refused it.
    }
    Ok(projects)
}

/// One call of a seed file: an operationId and its request in the flat JSON form of the
/// generated `requests` types (`{"memberType": ..., "body": {...}}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedCall {
    pub operation: String,
    pub request: serde_json::Value,
}

/// Reads a seed file: a JSON array of [`SeedCall`]s.
pub fn parse_seed(text: &str) -> Result<Vec<SeedCall>, String> {
    serde_json::from_str(text).map_err(|e| format!("seed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_check() {
        let settings = Settings::default().with_tiers("A:0, B:100,C:250.5").unwrap();
        let tiers: Vec<(i64, &str, Decimal)> = settings.grades[0]
            .tiers
            .iter()
            .map(|t| (t.id, t.name.as_str(), t.threshold))
            .collect();
        assert_eq!(
            tiers,
            [
                (1, "A", Decimal::ZERO),
                (2, "B", Decimal::from(100)),
                (3, "C", Decimal::new(2505, 1))
            ]
        );
        assert!(
            Settings::default().with_tiers("A:10,B:100").is_err(),
            "tiers start at 0"
        );
        assert!(Settings::default().with_tiers("A:0,B:100,C:50").is_err(), "tiers rise");
        assert!(Settings::default().with_tiers("A0").is_err());
        let json = r#"{"countedOrderStatuses": ["FINISHED", "TRADE_FINISHED"], "couponValidDays": 7}"#;
        let parsed = Settings::from_json(json).unwrap();
        assert_eq!((parsed.coupon_valid_days, parsed.grades.len()), (7, 2));
        assert!(
            Settings::from_json(r#"{"tiers": []}"#).is_err(),
            "unknown keys are refused"
        );
        assert!(Settings::from_json(r#"{"couponValidDays": 0}"#).is_err());
    }

    #[test]
    fn the_bundled_fixtures_are_valid() {
        let projects = parse_projects(DEFAULT_PROJECTS).unwrap();
        assert!(projects.len() >= 7);
        // The project's `type` is an open enum: a value the spec does not list is kept.
        assert!(parse_projects(r#"[{"projectId": "1", "type": "cashEffect"}]"#).is_ok());
        assert!(
            parse_projects(r#"[{"projectId": "1", "effectText": "123456789012345678901"}]"#).is_err(),
            "effectText is at most 20 characters"
        );
        assert!(parse_projects(r#"[{"name": "no id"}]"#).is_err());
        assert!(parse_projects(r#"[{"projectId": "1", "expireTime": "2020-01-01 00:00:00"}]"#).is_err());
        assert!(!parse_seed(DEFAULT_SEED).unwrap().is_empty());
    }
}
