//! The sandbox's errors: one stable code per business rule, answered in the CRM's error
//! envelope (`{module, service, code, desc, uri}`).

use shuyun_crm::models::ErrorBody;
use shuyun_crm::server::{ErrorResponse, IntoErrorResponse};

/// Every refusal of the sandbox. [`ErrorKind::code`] is the envelope's `code`, stable across
/// releases; [`ErrorKind::name`] starts the envelope's `desc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A value the spec allows but the CRM cannot use (a calendar date that does not exist, a
    /// point amount that is not positive, ...). The CRM's own code for invalid parameters.
    Parameter,
    /// No member of that memberType with that memberId / mobile / cardNo / channel id.
    MemberNotFound,
    /// The new mobile number is already registered to another member.
    MobileTaken,
    /// The grade account type is not configured.
    AccountTypeNotFound,
    /// The points account holds fewer available points than the deduction or freeze needs.
    InsufficientPoints,
    /// The change would take a balance past the largest representable number of points.
    PointsOverflow,
    /// No points were frozen under this X-Business-Token.
    FreezeNotFound,
    /// The idempotency key was already used by a different request (another body, another
    /// member).
    TokenMismatch,
    /// The operation does not apply in the current state (unfreezing consumed points, freezing
    /// a used coupon, ...).
    IllegalState,
    /// No order with that orderId (and orderType / memberType).
    OrderNotFound,
    /// The orderId is already used by another member, memberType or orderType.
    OrderConflict,
    /// Refunds of an order would exceed what was paid for it.
    RefundExceedsPayment,
    /// No coupon project with that projectId.
    ProjectNotFound,
    /// The project is finished, outside its validity period or out of stock.
    ProjectUnavailable,
    /// No coupon with that couponCode (and memberType).
    CouponNotFound,
    /// The coupon is already invalid (7.11: a second invalidation fails).
    AlreadyInvalid,
    /// The coupon's validity period is over.
    CouponExpired,
}

impl ErrorKind {
    /// Every kind, in the order of the README's table.
    pub const ALL: &'static [ErrorKind] = &[
        Self::Parameter,
        Self::MemberNotFound,
        Self::MobileTaken,
        Self::AccountTypeNotFound,
        Self::InsufficientPoints,
        Self::PointsOverflow,
        Self::FreezeNotFound,
        Self::TokenMismatch,
        Self::IllegalState,
        Self::OrderNotFound,
        Self::OrderConflict,
        Self::RefundExceedsPayment,
        Self::ProjectNotFound,
        Self::ProjectUnavailable,
        Self::CouponNotFound,
        Self::AlreadyInvalid,
        Self::CouponExpired,
    ];

    /// The envelope's `code`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Parameter => "010407",
            Self::MemberNotFound => "020001",
            Self::MobileTaken => "020002",
            Self::AccountTypeNotFound => "020003",
            Self::InsufficientPoints => "020101",
            Self::PointsOverflow => "020102",
            Self::FreezeNotFound => "020103",
            Self::TokenMismatch => "020104",
            Self::IllegalState => "020105",
            Self::OrderNotFound => "020201",
            Self::OrderConflict => "020202",
            Self::RefundExceedsPayment => "020203",
            Self::ProjectNotFound => "020301",
            Self::ProjectUnavailable => "020302",
            Self::CouponNotFound => "020303",
            Self::AlreadyInvalid => "020304",
            Self::CouponExpired => "020305",
        }
    }

    /// The symbolic name, which starts the envelope's `desc` (and a coupon result's `msg`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Parameter => "PARAMETER",
            Self::MemberNotFound => "MEMBER_NOT_FOUND",
            Self::MobileTaken => "MOBILE_TAKEN",
            Self::AccountTypeNotFound => "ACCOUNT_TYPE_NOT_FOUND",
            Self::InsufficientPoints => "INSUFFICIENT_POINTS",
            Self::PointsOverflow => "POINTS_OVERFLOW",
            Self::FreezeNotFound => "FREEZE_NOT_FOUND",
            Self::TokenMismatch => "TOKEN_MISMATCH",
            Self::IllegalState => "ILLEGAL_STATE",
            Self::OrderNotFound => "ORDER_NOT_FOUND",
            Self::OrderConflict => "ORDER_CONFLICT",
            Self::RefundExceedsPayment => "REFUND_EXCEEDS_PAYMENT",
            Self::ProjectNotFound => "PROJECT_NOT_FOUND",
            Self::ProjectUnavailable => "PROJECT_UNAVAILABLE",
            Self::CouponNotFound => "COUPON_NOT_FOUND",
            Self::AlreadyInvalid => "ALREADY_INVALID",
            Self::CouponExpired => "COUPON_EXPIRED",
        }
    }

    /// The HTTP status: 400 for parameters, 404 for what does not exist, 409 for a conflict
    /// with the current state.
    pub fn status(self) -> u16 {
        match self {
            Self::Parameter => 400,
            Self::MemberNotFound
            | Self::AccountTypeNotFound
            | Self::FreezeNotFound
            | Self::OrderNotFound
            | Self::ProjectNotFound
            | Self::CouponNotFound => 404,
            Self::MobileTaken
            | Self::InsufficientPoints
            | Self::PointsOverflow
            | Self::TokenMismatch
            | Self::IllegalState
            | Self::OrderConflict
            | Self::RefundExceedsPayment
            | Self::ProjectUnavailable
            | Self::AlreadyInvalid
            | Self::CouponExpired => 409,
        }
    }
}

/// A refusal: its kind and what exactly was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxError {
    pub kind: ErrorKind,
    pub message: String,
}

impl SandboxError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// The envelope's `code`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The envelope's `desc`: `NAME: message`.
    pub fn desc(&self) -> String {
        format!("{}: {}", self.kind.name(), self.message)
    }

    /// The error as the CRM's envelope (every key of the error body, code and desc
    /// included, as the spec requires where the CRM answers).
    pub fn envelope(&self, uri: &str) -> ErrorBody {
        ErrorBody {
            module: Some("Solution Package".to_owned()),
            service: Some("openapi".to_owned()),
            code: Some(self.code().to_owned()),
            desc: Some(self.desc()),
            uri: Some(uri.to_owned()),
            additional_properties: Default::default(),
        }
    }
}

impl std::fmt::Display for SandboxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code(), self.desc())
    }
}

impl std::error::Error for SandboxError {}

impl IntoErrorResponse for SandboxError {
    fn into_error_response(self, uri: &str) -> ErrorResponse {
        tracing::debug!(code = self.code(), desc = %self.desc(), uri, "refused");
        ErrorResponse {
            status: self.kind.status(),
            body: Box::new(self.envelope(uri)),
        }
    }
}

pub(crate) fn param(message: impl Into<String>) -> SandboxError {
    SandboxError::new(ErrorKind::Parameter, message)
}

pub(crate) type Result<T> = std::result::Result<T, SandboxError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_distinct_and_documented() {
        let readme = include_str!("../README.md");
        let mut codes = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for kind in ErrorKind::ALL {
            assert!(codes.insert(kind.code()), "{} twice", kind.code());
            assert!(names.insert(kind.name()), "{} twice", kind.name());
            let row = format!("| `{}` | {} | {} |", kind.code(), kind.name(), kind.status());
            assert!(readme.contains(&row), "the README's error table lacks {row}");
        }
    }
}
