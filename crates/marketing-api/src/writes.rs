//! Creates that never duplicate.
//!
//! A create whose reply was lost (timeout, dropped connection, 5xx, Graph code 1/2) may
//! or may not have been applied. Resending it blindly could make a second creative or
//! ad. Instead every create carries a client-generated tag in its `name`; after an
//! ambiguous failure the client lists the account's objects whose name CONTAINs the tag
//! and only resends when none exists. If that lookup fails too, it gives up with
//! [`Error::WriteOutcomeUnknown`] rather than guess.

use std::time::Duration;

use serde::Deserialize;

use crate::calls::{self, Call};
use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::retry::random_u64;
use crate::types::{AdCreate, AdSetCreate, CampaignCreate, Created, CreativeRef, CreativeSpec};

/// A client-generated tag (`adw-<16 hex>`) stamped into an object's name. Keep it with
/// the draft before publishing: after a crash, [`WriteTag::resume`] with the saved value
/// makes the next create look the object up first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteTag {
    tag: String,
    look_up_first: bool,
}

impl WriteTag {
    pub fn generate() -> Self {
        Self {
            tag: format!("adw-{:016x}", random_u64()),
            look_up_first: false,
        }
    }

    /// A tag the caller made and keeps (for example from an outbox item's key), for a first
    /// attempt: `tag` must be unique to the object and at least 16 characters.
    pub fn new(tag: impl Into<String>) -> Self {
        Self {
            tag: tag.into(),
            look_up_first: false,
        }
    }

    /// A tag from an earlier attempt whose outcome is unknown.
    pub fn resume(tag: impl Into<String>) -> Self {
        Self {
            tag: tag.into(),
            look_up_first: true,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.tag
    }

    /// `name [tag]`.
    pub fn stamp(&self, name: &str) -> String {
        if name.contains(&self.tag) {
            name.to_owned()
        } else {
            format!("{name} [{}]", self.tag)
        }
    }
}

#[derive(Debug, Deserialize)]
struct Named {
    id: String,
    #[serde(default)]
    name: String,
}

/// An outcome that leaves open whether Graph applied the write.
fn is_ambiguous(e: &Error) -> bool {
    matches!(e, Error::Network(_) | Error::Timeout(_))
        || matches!(e, Error::Http(s) if *s >= 500)
        || matches!(e, Error::Graph(g) if g.kind == ErrorKind::Transient)
}

impl Client {
    /// `POST act_<id>/adcreatives`, tagged. Returns the new (or already made) creative.
    pub async fn create_ad_creative(
        &self,
        account: &str,
        spec: &CreativeSpec,
        tag: &WriteTag,
    ) -> Result<Created, Error> {
        let mut spec = spec.clone();
        spec.name = Some(tag.stamp(spec.name.as_deref().unwrap_or("Adwright creative")));
        let call = calls::create_ad_creative(account, &spec);
        self.create_tagged(account, "adcreatives", "creative", &call, tag)
            .await
    }

    /// `POST act_<id>/ads`, tagged. An inline creative gets the tag in its name too.
    pub async fn create_ad(
        &self,
        account: &str,
        ad: &AdCreate,
        tag: &WriteTag,
    ) -> Result<Created, Error> {
        let mut ad = ad.clone();
        ad.name = tag.stamp(&ad.name);
        if let CreativeRef::Inline(spec) = &mut ad.creative {
            if let Some(n) = &spec.name {
                spec.name = Some(tag.stamp(n));
            }
        }
        let call = calls::create_ad(account, &ad);
        self.create_tagged(account, "ads", "ad", &call, tag).await
    }

    pub async fn create_campaign(
        &self,
        account: &str,
        c: &CampaignCreate,
        tag: &WriteTag,
    ) -> Result<Created, Error> {
        let mut c = c.clone();
        c.name = tag.stamp(&c.name);
        let call = calls::create_campaign(account, &c);
        self.create_tagged(account, "campaigns", "campaign", &call, tag)
            .await
    }

    pub async fn create_ad_set(
        &self,
        account: &str,
        s: &AdSetCreate,
        tag: &WriteTag,
    ) -> Result<Created, Error> {
        let mut s = s.clone();
        s.name = tag.stamp(&s.name);
        let call = calls::create_ad_set(account, &s);
        self.create_tagged(account, "adsets", "ad set", &call, tag)
            .await
    }

    /// The object of `edge` whose name carries the tag, if Graph has it.
    pub async fn find_by_tag(
        &self,
        account: &str,
        edge: &str,
        tag: &WriteTag,
    ) -> Result<Option<Created>, Error> {
        let found: Vec<Named> = self
            .list_all(calls::find_by_name(account, edge, tag.as_str()))
            .await?;
        // Check the name here too: the filter is Graph's, the guarantee is ours.
        Ok(found
            .into_iter()
            .find(|o| o.name.contains(tag.as_str()))
            .map(|o| Created { id: o.id }))
    }

    async fn create_tagged(
        &self,
        account: &str,
        edge: &str,
        object: &'static str,
        call: &Call<Created>,
        tag: &WriteTag,
    ) -> Result<Created, Error> {
        let unknown = || Error::WriteOutcomeUnknown {
            object,
            tag: tag.as_str().to_owned(),
        };
        if tag.look_up_first {
            match self.find_by_tag(account, edge, tag).await {
                Ok(Some(found)) => return Ok(found),
                Ok(None) => {}
                Err(_) => return Err(unknown()),
            }
        }
        let policy = self.config().retry.clone();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let err = match self.send_once(call).await {
                Ok(created) => return Ok(created),
                Err(e) => e,
            };
            let last = attempt >= policy.max_attempts.max(1);
            if is_ambiguous(&err) {
                tracing::debug!(
                    object,
                    tag = tag.as_str(),
                    "ambiguous write failure; looking it up"
                );
                match self.find_by_tag(account, edge, tag).await {
                    Ok(Some(found)) => return Ok(found),
                    Ok(None) if !last => tokio::time::sleep(policy.delay(attempt - 1)).await,
                    // Known not to exist: the original error is the honest answer.
                    Ok(None) => return Err(err),
                    Err(_) => return Err(unknown()),
                }
                continue;
            }
            match err.kind() {
                // Refused by the rate limiter: not applied, so resending is safe once
                // the advertised wait (applied by the throttle gate) has passed.
                ErrorKind::RateLimited {
                    retry_after_secs: Some(s),
                } if !last && Duration::from_secs(s) <= self.config().max_rate_limit_wait => {}
                _ => return Err(err),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_unique_and_stamped_once() {
        let a = WriteTag::generate();
        let b = WriteTag::generate();
        assert_ne!(a, b);
        assert!(a.as_str().starts_with("adw-") && a.as_str().len() == 20);
        let n = a.stamp("Spring sale");
        assert_eq!(n, format!("Spring sale [{}]", a.as_str()));
        assert_eq!(a.stamp(&n), n);
    }
}
