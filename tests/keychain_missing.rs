//! No Secret Service at all (no session bus): a clear error with the fix, fast, and no
//! fallback to somewhere else.

use adwright_lib::error::{AppError, ErrorKind};
use adwright_lib::keychain::{self, KeychainError};

#[test]
fn without_a_session_bus_the_keychain_is_reported_unreachable_with_the_fix() {
    // SAFETY of the test: this binary holds only this test, so nothing else reads the env.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/adwright-test-bus",
    );
    let error = keychain::probe().expect_err("no bus, no keychain");
    assert!(
        matches!(
            error,
            KeychainError::Unreachable(_) | KeychainError::Other(_)
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("keychain"), "{error}");

    let store = keychain::store("someone", "secret").expect_err("storing must fail too");
    let app_error = AppError::from(store);
    assert_eq!(app_error.kind, ErrorKind::KeychainUnavailable);
    assert!(
        app_error.details["fix"].contains("Secret Service"),
        "{:?}",
        app_error.details
    );
}
