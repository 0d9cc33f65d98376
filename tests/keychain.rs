//! The keychain against a real Secret Service: scripts/test runs these under a private D-Bus
//! session with an unlocked gnome-keyring (scripts/lib/with-keyring). `secret-tool` reads the
//! keyring independently of the keyring crate, proving the secret really lives there.

use std::process::Command;

use adwright_lib::keychain::{self, SERVICE};

fn secret_tool_lookup(account: &str) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", SERVICE, "username", account])
        .output()
        .expect("secret-tool runs (package libsecret-tools)");
    output
        .status
        .success()
        .then(|| String::from_utf8(output.stdout).expect("utf-8 secret"))
}

#[test]
fn the_start_up_probe_passes_on_a_real_unlocked_keyring() {
    keychain::probe().expect("a real, unlocked Secret Service passes the probe");
    assert_eq!(
        secret_tool_lookup("adwright-keychain-probe"),
        None,
        "the probe cleans up after itself"
    );
}

#[test]
fn a_secret_is_stored_read_back_and_deleted_in_the_os_keyring() {
    let account = format!("test-user-{}", std::process::id());
    let secret = "EAAB-not-a-real-token-0123456789";

    keychain::store(&account, secret).expect("store");
    assert_eq!(secret_tool_lookup(&account).as_deref(), Some(secret));
    assert_eq!(
        keychain::load(&account).expect("load").as_deref(),
        Some(secret)
    );

    assert!(keychain::remove(&account).expect("remove"));
    assert_eq!(secret_tool_lookup(&account), None);
    assert_eq!(keychain::load(&account).expect("load after delete"), None);
    assert!(!keychain::remove(&account).expect("second remove finds nothing"));
}
