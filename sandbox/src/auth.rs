//! Credentials: the `client_id` / `client_secret` headers every operation requires, and the
//! callers they identify.

use shuyun_crm::server::{Authenticate, Context, Operation, Presented, Refusal};
use shuyun_crm::support::Secret;

/// Who calls: the principal the sandbox's credentials map to. Implementations read it from the
/// request's [`Context`] (see [`Caller::current`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub client_id: String,
    /// A read-only client may call the operations that only read (`GET`); others answer 403.
    pub read_only: bool,
}

impl Caller {
    /// The caller of the request being served, outside a request (a direct call, the seed)
    /// `None`.
    pub fn current() -> Option<Caller> {
        Context::current().and_then(|cx| cx.principal::<Caller>().cloned())
    }
}

/// One accepted client.
#[derive(Clone, Debug)]
struct Client {
    id: String,
    secret: Secret,
    read_only: bool,
}

/// Accepts a request whose `client_id` and `client_secret` are those of a configured client
/// (401 otherwise) and refuses a read-only client's changes (403). Secrets never show in
/// `Debug` output.
#[derive(Clone, Debug)]
pub struct ClientAuth {
    clients: Vec<Client>,
}

impl ClientAuth {
    /// One client that may call every operation.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        Self { clients: Vec::new() }.with_client(client_id, client_secret, false)
    }

    /// Accepts another client as well; a `read_only` one may only call operations that read.
    pub fn with_client(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        read_only: bool,
    ) -> Self {
        self.clients.push(Client {
            id: client_id.into(),
            secret: client_secret.into(),
            read_only,
        });
        self
    }

    /// The first configured client's id.
    pub fn client_id(&self) -> &str {
        self.clients.first().map_or("", |c| c.id.as_str())
    }

    /// The caller the presented credentials identify, if any. Every client is compared, in
    /// time that does not depend on where the credentials differ.
    pub fn caller(&self, presented: &Presented) -> Option<Caller> {
        let id = presented.client_id.as_deref().unwrap_or_default();
        let secret = presented.client_secret.as_ref().map_or("", |s| s.expose());
        let mut found = None;
        for client in &self.clients {
            let matches =
                same(id.as_bytes(), client.id.as_bytes()) & same(secret.as_bytes(), client.secret.expose().as_bytes());
            if matches && found.is_none() && presented.client_id.is_some() && presented.client_secret.is_some() {
                found = Some(Caller {
                    client_id: client.id.clone(),
                    read_only: client.read_only,
                });
            }
        }
        found
    }
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Authenticate for ClientAuth {
    type Principal = Caller;

    async fn authenticate(&self, operation: &'static Operation, presented: Presented) -> Result<Caller, Refusal> {
        self.caller(&presented).ok_or_else(|| {
            tracing::debug!(operation = operation.id, client_id = ?presented.client_id, "credentials rejected");
            Refusal::Unauthenticated("missing or rejected credentials".to_owned())
        })
    }

    async fn authorize(&self, operation: &'static Operation, caller: &Caller) -> Result<(), Refusal> {
        if caller.read_only && !operation.is_safe() {
            tracing::debug!(operation = operation.id, client_id = %caller.client_id, "read-only client refused");
            return Err(Refusal::Forbidden(format!(
                "client `{}` may only read; `{}` changes data",
                caller.client_id, operation.id
            )));
        }
        Ok(())
    }
}
