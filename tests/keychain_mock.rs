//! keyring falls back to an in-memory mock when no platform store is compiled in. The probe
//! must notice, so tokens are never "stored" somewhere that forgets them.

use adwright_lib::keychain::{self, KeychainError, KeychainStatus};

#[test]
fn the_probe_refuses_a_store_that_does_not_keep_entries() {
    keyring::set_default_credential_builder(keyring::mock::default_credential_builder());
    let error = keychain::probe().expect_err("a mock keychain must fail the probe");
    assert!(
        matches!(error, KeychainError::NotPersistent(_)),
        "{error:?}"
    );

    let status = KeychainStatus::from(Err(error));
    let KeychainStatus::Unavailable { message, fix } = status else {
        panic!("expected unavailable, got {status:?}");
    };
    assert!(message.contains("not a real store"), "{message}");
    assert!(!fix.is_empty());
}
