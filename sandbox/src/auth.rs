//! Credentials: the `client_id` / `client_secret` headers every operation requires.

use shuyun_crm::server::{Authenticate, Presented};
use shuyun_crm::support::Secret;

/// Accepts a request whose `client_id` and `client_secret` are the configured ones. The
/// secret never shows in `Debug` output.
#[derive(Clone, Debug)]
pub struct ClientAuth {
    client_id: String,
    client_secret: Secret,
}

impl ClientAuth {
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Whether the presented credentials are the configured ones.
    pub fn accepts(&self, presented: &Presented) -> bool {
        let id = presented
            .client_id
            .as_deref()
            .is_some_and(|id| same(id.as_bytes(), self.client_id.as_bytes()));
        let secret = presented
            .client_secret
            .as_ref()
            .is_some_and(|s| same(s.expose().as_bytes(), self.client_secret.expose().as_bytes()));
        id & secret
    }
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Authenticate for ClientAuth {
    async fn authenticate(
        &self,
        operation: &'static str,
        _requirements: &'static [&'static [&'static str]],
        presented: &Presented,
    ) -> bool {
        let ok = self.accepts(presented);
        if !ok {
            tracing::debug!(operation, client_id = ?presented.client_id, "credentials rejected");
        }
        ok
    }
}
