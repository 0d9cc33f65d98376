//! Operating conditions: usage headers that rise with use and the rate-limit errors Meta
//! returns once a budget is spent (REFERENCE §5, §6). Budgets count calls in a fixed window.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::errors::GraphError;

/// Budgets per window. Defaults are generous (standard access) so tests only meet a limit
/// when they configure one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimits {
    pub window_seconds: u64,
    /// Calls per app (code 4, "Application request limit reached").
    pub app_calls: u32,
    /// Calls per user token (code 17, subcode 2446079).
    pub user_calls: u32,
    /// Ad-account score: reads cost 1, writes 3 (code 613, subcode 1487742).
    pub account_score: u32,
    /// `ads_management` business-use-case calls per ad account (code 80004).
    pub ads_management_calls: u32,
    /// `ads_api_access_tier` reported in the headers.
    pub access_tier: String,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            window_seconds: 3600,
            app_calls: 100_000,
            user_calls: 100_000,
            account_score: 100_000,
            ads_management_calls: 100_000,
            access_tier: "standard_access".into(),
        }
    }
}

#[derive(Default)]
struct Counters {
    window_start: Option<Instant>,
    app: u32,
    users: HashMap<String, u32>,
    account_score: HashMap<String, u32>,
    account_calls: HashMap<String, u32>,
}

pub struct UsageTracker {
    limits: RateLimits,
    counters: Mutex<Counters>,
}

/// Headers to put on a reply, and the error if a budget is spent.
pub struct UsageOutcome {
    pub headers: Vec<(String, String)>,
    pub error: Option<GraphError>,
}

fn pct(used: u32, budget: u32) -> u32 {
    ((u64::from(used) * 100) / u64::from(budget.max(1))).min(100) as u32
}

impl UsageTracker {
    pub fn new(limits: RateLimits) -> Self {
        UsageTracker {
            limits,
            counters: Mutex::new(Counters::default()),
        }
    }

    /// Counts one call and tells whether it may proceed. `account_id` is the numeric ad account
    /// the call concerns, if any; `app_id` keys the business-use-case header otherwise.
    pub fn record(
        &self,
        app_id: &str,
        user_id: &str,
        account_id: Option<&str>,
        is_write: bool,
    ) -> UsageOutcome {
        let l = &self.limits;
        let window = Duration::from_secs(l.window_seconds.max(1));
        let mut c = self.counters.lock().expect("usage counters poisoned");
        let now = Instant::now();
        let start = *c.window_start.get_or_insert(now);
        if now.duration_since(start) >= window {
            *c = Counters {
                window_start: Some(now),
                ..Counters::default()
            };
        }
        let remaining = window.saturating_sub(now.duration_since(c.window_start.unwrap_or(now)));
        let regain_minutes = remaining.as_secs().div_ceil(60).max(1);

        c.app += 1;
        let user = {
            let n = c.users.entry(user_id.to_string()).or_default();
            *n += 1;
            *n
        };
        let (score, calls) = match account_id {
            Some(a) => {
                let s = c.account_score.entry(a.to_string()).or_default();
                *s += if is_write { 3 } else { 1 };
                let score = *s;
                let n = c.account_calls.entry(a.to_string()).or_default();
                *n += 1;
                (score, *n)
            }
            None => (0, 0),
        };

        let error = if c.app > l.app_calls {
            Some(GraphError::app_request_limit())
        } else if user > l.user_calls {
            Some(GraphError::user_request_limit())
        } else if account_id.is_some() && score > l.account_score {
            Some(GraphError::ad_account_rate_limit())
        } else if account_id.is_some() && calls > l.ads_management_calls {
            Some(GraphError::ads_management_buc_limit())
        } else {
            None
        };
        let blocked = error.is_some();

        let app_pct = pct(c.app, l.app_calls).max(pct(user, l.user_calls));
        let mut headers = vec![(
            "x-app-usage".to_string(),
            json!({"call_count": app_pct, "total_time": app_pct / 2, "total_cputime": app_pct / 2})
                .to_string(),
        )];
        let buc_key = account_id.unwrap_or(app_id);
        let buc_pct = if account_id.is_some() {
            pct(calls, l.ads_management_calls)
        } else {
            app_pct
        };
        if let Some(a) = account_id {
            let util = (f64::from(score) * 100.0 / f64::from(l.account_score.max(1))).min(100.0);
            headers.push((
                "x-ad-account-usage".to_string(),
                json!({
                    "acc_id_util_pct": (util * 100.0).round() / 100.0,
                    "reset_time_duration": if blocked { remaining.as_secs() } else { 0 },
                    "ads_api_access_tier": l.access_tier,
                })
                .to_string(),
            ));
            let _ = a;
        }
        if account_id.is_some() || blocked {
            headers.push((
                "x-business-use-case-usage".to_string(),
                json!({
                    buc_key: [{
                        "type": "ads_management",
                        "call_count": buc_pct,
                        "total_cputime": buc_pct / 2,
                        "total_time": buc_pct / 2,
                        "estimated_time_to_regain_access": if blocked { regain_minutes } else { 0 },
                        "ads_api_access_tier": l.access_tier,
                    }]
                })
                .to_string(),
            ));
        }
        UsageOutcome { headers, error }
    }
}
