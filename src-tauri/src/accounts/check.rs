//! What a token can do, decided from what Meta said about it: the permissions Adwright's
//! features need, and how soon it stops working. Pure functions, so every rule has a unit test.

use marketing_api::types::{AdAccount, DebugToken, Page};
use serde::Serialize;
use ts_rs::TS;

/// Warn this long before a token (or its data access) expires.
pub const EXPIRY_WARNING_SECS: i64 = 7 * 24 * 60 * 60;

/// A permission the token lacks, what it is needed for and how to grant it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MissingPermission {
    pub permission: String,
    pub needed_for: String,
    pub how_to_grant: String,
}

const GRANT_HOW: &str = "In Meta Business Settings → Users → System users, select the user, \
     choose \"Generate new token\" and tick this permission (for a user token: generate it again \
     in Graph API Explorer with this permission ticked), then paste the new token here.";

/// Page permissions any one of which lets Adwright list and advertise for pages.
const PAGE_SCOPES: &[&str] = &[
    "pages_show_list",
    "pages_manage_ads",
    "pages_read_engagement",
    "pages_manage_metadata",
];

/// The permissions Adwright needs that `token` lacks. Pages access counts as granted when the
/// token reaches a page even without a pages scope (a System User assigned to the page).
pub fn missing_permissions(token: &DebugToken, pages: &[Page]) -> Vec<MissingPermission> {
    let mut missing = Vec::new();
    let mut need = |permission: &str, needed_for: &str| {
        missing.push(MissingPermission {
            permission: permission.to_owned(),
            needed_for: needed_for.to_owned(),
            how_to_grant: GRANT_HOW.to_owned(),
        })
    };
    if !token.has_scope("ads_management") {
        need(
            "ads_management",
            "publishing ads (paused) and approving what Meta's AI generated",
        );
    }
    if !token.has_scope("ads_read") {
        need(
            "ads_read",
            "reading your ad accounts, previews and what Meta's AI generated",
        );
    }
    let pages_scope = PAGE_SCOPES.iter().any(|scope| token.has_scope(scope));
    if !pages_scope && pages.is_empty() {
        need(
            "pages_show_list",
            "choosing the Facebook Page your ads run as",
        );
    }
    missing
}

/// Problems that keep a token from being useful even with every permission.
pub fn reach_problems(ad_accounts: &[AdAccount], pages: &[Page]) -> Vec<String> {
    let mut problems = Vec::new();
    if ad_accounts.is_empty() {
        problems.push(
            "This token reaches no ad account: in Meta Business Settings, assign an ad account \
             to this user (with \"Manage campaigns\"), then try again."
                .to_owned(),
        );
    }
    if pages.is_empty() {
        problems.push(
            "This token reaches no Facebook Page: in Meta Business Settings, assign a Page to \
             this user (with \"Create ads\"), then try again."
                .to_owned(),
        );
    }
    problems
}

/// When the token stops working: `expires_at` (0 or absent = never) or, for user tokens, the
/// end of its data access, whichever comes first. Unix seconds.
pub fn effective_expiry(token: &DebugToken) -> Option<i64> {
    [token.expires_at, token.data_access_expires_at]
        .into_iter()
        .flatten()
        .filter(|at| *at > 0)
        .min()
}

/// A sentence warning that the connection ends soon, or `None` while it has time.
pub fn expiry_warning(name: &str, expires_at: Option<i64>, now: i64) -> Option<String> {
    let at = expires_at?;
    let left = at - now;
    if left <= 0 {
        Some(format!(
            "The Meta connection for {name} has expired: paste a new token to reconnect."
        ))
    } else if left <= EXPIRY_WARNING_SECS {
        let days = left / 86_400;
        let when = match days {
            0 => "within a day".to_owned(),
            1 => "in 1 day".to_owned(),
            n => format!("in {n} days"),
        };
        Some(format!(
            "The Meta connection for {name} expires {when}: paste a new token before then to \
             keep publishing."
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(scopes: &[&str]) -> DebugToken {
        DebugToken {
            is_valid: true,
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            ..DebugToken::default()
        }
    }

    fn page() -> Page {
        Page {
            id: "1".into(),
            ..Page::default()
        }
    }

    #[test]
    fn a_full_token_misses_nothing() {
        let t = token(&["ads_management", "ads_read", "pages_show_list"]);
        assert!(missing_permissions(&t, &[]).is_empty());
    }

    #[test]
    fn each_missing_permission_is_named_with_how_to_grant_it() {
        let missing = missing_permissions(&token(&["ads_read"]), &[]);
        let names: Vec<_> = missing.iter().map(|m| m.permission.as_str()).collect();
        assert_eq!(names, ["ads_management", "pages_show_list"]);
        assert!(missing[0].how_to_grant.contains("Generate new token"));
        assert!(missing[0].needed_for.contains("publishing"));

        let missing = missing_permissions(&token(&["ads_management"]), &[page()]);
        let names: Vec<_> = missing.iter().map(|m| m.permission.as_str()).collect();
        assert_eq!(
            names,
            ["ads_read"],
            "a reachable page counts as pages access"
        );
    }

    #[test]
    fn any_pages_scope_grants_pages_access() {
        let t = token(&["ads_management", "ads_read", "pages_manage_ads"]);
        assert!(missing_permissions(&t, &[]).is_empty());
    }

    #[test]
    fn no_ad_account_or_page_is_a_problem_with_a_fix() {
        let problems = reach_problems(&[], &[]);
        assert_eq!(problems.len(), 2);
        assert!(problems[0].contains("ad account") && problems[1].contains("Page"));
        assert!(reach_problems(&[AdAccount::default()], &[page()]).is_empty());
    }

    #[test]
    fn expiry_is_the_earliest_nonzero_date() {
        let mut t = token(&[]);
        assert_eq!(effective_expiry(&t), None);
        t.expires_at = Some(0);
        t.data_access_expires_at = Some(500);
        assert_eq!(effective_expiry(&t), Some(500), "0 means never");
        t.expires_at = Some(300);
        assert_eq!(effective_expiry(&t), Some(300));
    }

    #[test]
    fn warnings_start_seven_days_ahead() {
        let now = 1_000_000;
        assert_eq!(expiry_warning("Ana", None, now), None);
        assert_eq!(
            expiry_warning("Ana", Some(now + EXPIRY_WARNING_SECS + 1), now),
            None
        );
        let soon = expiry_warning("Ana", Some(now + 3 * 86_400 + 5), now).unwrap();
        assert!(soon.contains("Ana") && soon.contains("in 3 days"), "{soon}");
        let today = expiry_warning("Ana", Some(now + 60), now).unwrap();
        assert!(today.contains("within a day"), "{today}");
        let gone = expiry_warning("Ana", Some(now - 1), now).unwrap();
        assert!(gone.contains("has expired"), "{gone}");
    }
}
