//! Rate-limit usage headers, parsed on every reply (REFERENCE §6).
//!
//! Values are JSON inside the header. Percentages run 0–100; `reset_time_duration` is in
//! seconds; `estimated_time_to_regain_access` is in MINUTES.

use std::collections::BTreeMap;
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `X-App-Usage` (platform limits).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppUsage {
    #[serde(default)]
    pub call_count: f64,
    #[serde(default)]
    pub total_time: f64,
    #[serde(default)]
    pub total_cputime: f64,
}

/// `X-Ad-Account-Usage`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdAccountUsage {
    #[serde(default)]
    pub acc_id_util_pct: f64,
    /// Seconds until the score resets.
    #[serde(default)]
    pub reset_time_duration: f64,
    #[serde(default)]
    pub ads_api_access_tier: Option<String>,
}

/// One entry of `X-Business-Use-Case-Usage`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BusinessUseCaseUsage {
    /// ads_management, ads_insights, custom_audience, pages, …
    #[serde(rename = "type", default)]
    pub use_case: String,
    #[serde(default)]
    pub call_count: f64,
    #[serde(default)]
    pub total_cputime: f64,
    #[serde(default)]
    pub total_time: f64,
    /// Minutes (not seconds).
    #[serde(default)]
    pub estimated_time_to_regain_access: f64,
    #[serde(default)]
    pub ads_api_access_tier: Option<String>,
}

/// Everything the last reply said about limits. Shown in the UI as a usage gauge.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Usage {
    pub app: Option<AppUsage>,
    pub ad_account: Option<AdAccountUsage>,
    /// Keyed by business object id (the numeric ad account id).
    pub business_use_case: BTreeMap<String, Vec<BusinessUseCaseUsage>>,
}

impl Usage {
    /// Parse the three usage headers; a malformed header is ignored rather than failing
    /// a call that otherwise succeeded.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        fn json<T: for<'de> Deserialize<'de>>(h: &HeaderMap, name: &str) -> Option<T> {
            let raw = h.get(name)?.to_str().ok()?;
            serde_json::from_str(raw).ok()
        }
        Self {
            app: json(headers, "x-app-usage"),
            ad_account: json(headers, "x-ad-account-usage"),
            business_use_case: json(headers, "x-business-use-case-usage").unwrap_or_default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.app.is_none() && self.ad_account.is_none() && self.business_use_case.is_empty()
    }

    /// Highest utilisation across every reported limit, in percent.
    pub fn max_pct(&self) -> f64 {
        let mut m: f64 = 0.0;
        if let Some(a) = &self.app {
            m = m.max(a.call_count).max(a.total_time).max(a.total_cputime);
        }
        if let Some(a) = &self.ad_account {
            m = m.max(a.acc_id_util_pct);
        }
        for b in self.business_use_case.values().flatten() {
            m = m.max(b.call_count).max(b.total_time).max(b.total_cputime);
        }
        m
    }

    /// How long Graph says access is blocked: the largest BUC
    /// `estimated_time_to_regain_access` (minutes), or the ad account's reset time when
    /// its score is exhausted.
    pub fn regain_wait(&self) -> Option<Duration> {
        let buc_minutes = self
            .business_use_case
            .values()
            .flatten()
            .map(|b| b.estimated_time_to_regain_access)
            .fold(0.0_f64, f64::max);
        let mut secs = buc_minutes * 60.0;
        if let Some(a) = &self.ad_account {
            if a.acc_id_util_pct >= 100.0 {
                secs = secs.max(a.reset_time_duration);
            }
        }
        (secs > 0.0).then(|| Duration::from_secs_f64(secs))
    }

    /// Spacing to keep between calls so a limit is not reached: none below `threshold`,
    /// then growing linearly up to 5 s at 100 %.
    pub fn slow_down(&self, threshold: f64) -> Duration {
        let pct = self.max_pct();
        if pct < threshold || threshold >= 100.0 {
            return Duration::ZERO;
        }
        let frac = ((pct - threshold) / (100.0 - threshold)).clamp(0.0, 1.0);
        Duration::from_secs_f64(0.2 + 4.8 * frac)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn parses_reference_examples() {
        let h = headers(&[
            (
                "X-App-Usage",
                r#"{"call_count":28,"total_time":25,"total_cputime":25}"#,
            ),
            (
                "X-Ad-Account-Usage",
                r#"{"acc_id_util_pct":9.67,"reset_time_duration":100,"ads_api_access_tier":"standard_access"}"#,
            ),
            (
                "X-Business-Use-Case-Usage",
                r#"{"1234567890":[{"type":"ads_management","call_count":95,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":3,"ads_api_access_tier":"development_access","new_field":1}]}"#,
            ),
        ]);
        let u = Usage::from_headers(&h);
        assert_eq!(u.app.as_ref().unwrap().call_count, 28.0);
        assert_eq!(u.ad_account.as_ref().unwrap().acc_id_util_pct, 9.67);
        let b = &u.business_use_case["1234567890"][0];
        assert_eq!(b.use_case, "ads_management");
        assert_eq!(u.max_pct(), 95.0);
        // 3 minutes, not 3 seconds.
        assert_eq!(u.regain_wait(), Some(Duration::from_secs(180)));
        assert!(u.slow_down(75.0) > Duration::ZERO);
        assert_eq!(u.slow_down(96.0), Duration::ZERO);
    }

    #[test]
    fn exhausted_ad_account_waits_its_reset_time() {
        let h = headers(&[(
            "x-ad-account-usage",
            r#"{"acc_id_util_pct":100,"reset_time_duration":42}"#,
        )]);
        assert_eq!(
            Usage::from_headers(&h).regain_wait(),
            Some(Duration::from_secs(42))
        );
    }

    #[test]
    fn malformed_or_missing_headers_are_ignored() {
        let h = headers(&[("x-app-usage", "not json")]);
        let u = Usage::from_headers(&h);
        assert!(u.is_empty());
        assert_eq!(u.regain_wait(), None);
        assert_eq!(u.slow_down(75.0), Duration::ZERO);
    }
}
