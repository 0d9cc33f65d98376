//! Tokens in the OS keychain, one entry per Meta user id, plus an index entry listing the
//! connected user ids (not secret) so the list survives losing the preferences file.
//!
//! The keychain sits behind `Secrets` so the index rules have unit tests; the app only ever
//! uses `OsKeychain` (there is no other implementation outside the tests: no in-memory or
//! file fallback).

use crate::keychain::{self, KeychainError};

/// The index entry's account name in the keychain (beside the per-user entries).
pub const INDEX_ACCOUNT: &str = "connected-users";

pub trait Secrets: Send + Sync {
    fn store(&self, account: &str, secret: &str) -> Result<(), KeychainError>;
    fn load(&self, account: &str) -> Result<Option<String>, KeychainError>;
    fn remove(&self, account: &str) -> Result<bool, KeychainError>;
}

/// The OS keychain (Secret Service, macOS Keychain, Windows Credential Manager).
pub struct OsKeychain;

impl Secrets for OsKeychain {
    fn store(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
        keychain::store(account, secret)
    }
    fn load(&self, account: &str) -> Result<Option<String>, KeychainError> {
        keychain::load(account)
    }
    fn remove(&self, account: &str) -> Result<bool, KeychainError> {
        keychain::remove(account)
    }
}

/// A Meta user id is digits; anything else is refused so no id can collide with the index or
/// probe entries.
pub fn valid_user_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 32 && id.chars().all(|c| c.is_ascii_digit())
}

pub struct Vault<S: Secrets> {
    secrets: S,
}

impl<S: Secrets> Vault<S> {
    pub fn new(secrets: S) -> Self {
        Self { secrets }
    }

    /// The connected user ids, in the order they were connected. An unreadable index (edited by
    /// hand) counts as empty rather than stopping the app.
    pub fn users(&self) -> Result<Vec<String>, KeychainError> {
        Ok(self
            .secrets
            .load(INDEX_ACCOUNT)?
            .and_then(|json| serde_json::from_str::<Vec<String>>(&json).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|id| valid_user_id(id))
            .collect())
    }

    fn write_index(&self, users: &[String]) -> Result<(), KeychainError> {
        if users.is_empty() {
            self.secrets.remove(INDEX_ACCOUNT)?;
            return Ok(());
        }
        let json = serde_json::to_string(users).expect("a list of strings serializes");
        self.secrets.store(INDEX_ACCOUNT, &json)
    }

    /// Keeps `token` for `user_id` (replacing an earlier one) and lists the user in the index.
    /// The token is written first: an index never names a user without a token.
    pub fn save(&self, user_id: &str, token: &str) -> Result<(), KeychainError> {
        assert!(valid_user_id(user_id), "callers check the id Meta returned");
        self.secrets.store(user_id, token)?;
        let mut users = self.users()?;
        if !users.iter().any(|u| u == user_id) {
            users.push(user_id.to_owned());
            self.write_index(&users)?;
        }
        Ok(())
    }

    pub fn token(&self, user_id: &str) -> Result<Option<String>, KeychainError> {
        self.secrets.load(user_id)
    }

    /// Removes the user's token and drops them from the index; `true` when a token was there.
    pub fn forget(&self, user_id: &str) -> Result<bool, KeychainError> {
        let removed = self.secrets.remove(user_id)?;
        let users: Vec<String> = self.users()?.into_iter().filter(|u| u != user_id).collect();
        self.write_index(&users)?;
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Fake(Mutex<BTreeMap<String, String>>, Mutex<bool>);

    impl Secrets for &Fake {
        fn store(&self, account: &str, secret: &str) -> Result<(), KeychainError> {
            if *self.1.lock().unwrap() {
                return Err(KeychainError::Locked);
            }
            self.0.lock().unwrap().insert(account.into(), secret.into());
            Ok(())
        }
        fn load(&self, account: &str) -> Result<Option<String>, KeychainError> {
            if *self.1.lock().unwrap() {
                return Err(KeychainError::Locked);
            }
            Ok(self.0.lock().unwrap().get(account).cloned())
        }
        fn remove(&self, account: &str) -> Result<bool, KeychainError> {
            Ok(self.0.lock().unwrap().remove(account).is_some())
        }
    }

    #[test]
    fn save_lists_each_user_once_and_forget_removes_token_and_index_entry() {
        let fake = Fake::default();
        let vault = Vault::new(&fake);
        assert!(vault.users().unwrap().is_empty());
        vault.save("111", "tok-a").unwrap();
        vault.save("222", "tok-b").unwrap();
        vault.save("111", "tok-a2").unwrap();
        assert_eq!(vault.users().unwrap(), ["111", "222"]);
        assert_eq!(vault.token("111").unwrap().as_deref(), Some("tok-a2"));

        assert!(vault.forget("111").unwrap());
        assert_eq!(vault.users().unwrap(), ["222"]);
        assert_eq!(vault.token("111").unwrap(), None);
        assert!(vault.forget("222").unwrap());
        assert!(
            fake.0.lock().unwrap().is_empty(),
            "no index entry is left behind once nobody is connected"
        );
        assert!(!vault.forget("222").unwrap());
    }

    #[test]
    fn the_index_holds_ids_only_never_tokens() {
        let fake = Fake::default();
        let vault = Vault::new(&fake);
        vault.save("111", "EAAsecret").unwrap();
        let index = fake.0.lock().unwrap()[INDEX_ACCOUNT].clone();
        assert_eq!(index, r#"["111"]"#);
    }

    #[test]
    fn a_locked_keychain_is_an_error_not_an_empty_list() {
        let fake = Fake::default();
        *fake.1.lock().unwrap() = true;
        let vault = Vault::new(&fake);
        assert!(matches!(vault.users(), Err(KeychainError::Locked)));
        assert!(matches!(vault.save("1", "t"), Err(KeychainError::Locked)));
    }

    #[test]
    fn only_numeric_ids_are_user_ids() {
        assert!(valid_user_id("100000000000001"));
        assert!(!valid_user_id(INDEX_ACCOUNT));
        assert!(!valid_user_id("adwright-keychain-probe"));
        assert!(!valid_user_id(""));
    }

    #[test]
    fn a_garbled_index_reads_as_empty() {
        let fake = Fake::default();
        fake.0
            .lock()
            .unwrap()
            .insert(INDEX_ACCOUNT.into(), "not json".into());
        assert!(Vault::new(&fake).users().unwrap().is_empty());
    }
}
