//! Secrets (access tokens, the app secret) and the redaction of URLs and texts that might
//! carry them.
//!
//! The token types implement neither `Display` nor `Serialize`, and their `Debug` shows a
//! redaction, so a token cannot end up in a log line, an error shown to the user or a
//! message sent to the UI by accident. The crate reads the value only where it builds a
//! request (`expose`, crate-private).

use std::fmt;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer};
use sha2::Sha256;
use url::Url;

const REDACTED: &str = "<redacted>";

/// A Graph access token (user, page or system user).
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccessToken({REDACTED})")
    }
}

/// Page tokens arrive in `me/accounts` replies (golden/me_accounts_pages.json).
impl<'de> Deserialize<'de> for AccessToken {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self)
    }
}

/// The app secret, used only to compute `appsecret_proof`.
#[derive(Clone, PartialEq, Eq)]
pub struct AppSecret(String);

impl AppSecret {
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// `hex(HMAC-SHA256(key = app_secret, msg = access_token))` (REFERENCE §9).
    pub(crate) fn proof(&self, token: &AccessToken) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.as_bytes())
            .expect("HMAC accepts keys of any length");
        mac.update(token.expose().as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl fmt::Debug for AppSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AppSecret({REDACTED})")
    }
}

/// Query parameters whose values are secrets wherever they appear.
pub(crate) const SECRET_PARAMS: &[&str] = &["access_token", "appsecret_proof", "input_token"];

/// A URL fit for a log line: secret parameters are replaced and the whole query of a
/// preview iframe URL (its `d`/`t` values grant access to the preview) is dropped.
pub fn redact_url(url: &Url) -> String {
    let mut url = url.clone();
    if url.path().contains("preview") {
        if url.query().is_some() {
            url.set_query(Some(REDACTED));
        }
        return url.to_string();
    }
    if url.query().is_none() {
        return url.to_string();
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if SECRET_PARAMS.contains(&k.as_ref()) {
                REDACTED.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}

/// Replace every occurrence of the token (and its proof) in a text that came from
/// elsewhere (a server message, a transport error) before it is kept or shown.
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(s, REDACTED);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appsecret_proof_matches_reference_vector() {
        // REFERENCE §9 / golden/me_with_appsecret_proof.json
        let proof = AppSecret::new("TEST_APP_SECRET").proof(&AccessToken::new("TEST_TOKEN"));
        assert_eq!(
            proof,
            "dfa41c6fee424751602263f099ca94182eb32d054c416bec62afd39a40486851"
        );
    }

    #[test]
    fn debug_never_shows_secret() {
        let t = AccessToken::new("EAAB-very-secret");
        let s = AppSecret::new("app-secret-value");
        assert!(!format!("{t:?} {t:#?}").contains("very-secret"));
        assert!(!format!("{s:?}").contains("secret-value"));
    }

    #[test]
    fn redact_url_hides_token_proof_and_preview_query() {
        let u = Url::parse(
            "https://graph.facebook.com/v26.0/me/?access_token=SECRET1&appsecret_proof=abc123&fields=id",
        )
        .unwrap();
        let r = redact_url(&u);
        assert!(!r.contains("SECRET1") && !r.contains("abc123"), "{r}");
        assert!(r.contains("fields=id"), "{r}");

        let p = Url::parse("https://www.facebook.com/ads/api/preview_iframe.php?d=XXXX&t=YYYY")
            .unwrap();
        let r = redact_url(&p);
        assert!(!r.contains("XXXX") && !r.contains("YYYY"), "{r}");
    }

    #[test]
    fn scrub_removes_token_from_text() {
        assert_eq!(
            scrub("bad token EAABxyz given", &["EAABxyz"]),
            "bad token <redacted> given"
        );
    }
}
