//! Fault injection, switchable per endpoint at run time, so client tests can walk every
//! failure path: a dropped connection before or after the write is applied, HTTP 500,
//! transient Graph codes 1/2, or a slow reply.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Close the connection without handling the request.
    DropBeforeWrite,
    /// Handle the request (the write is applied), then close without replying.
    DropAfterWrite,
    /// Reply HTTP 500 with a non-Graph body, as a failing front end would.
    Http500,
    /// Graph error code 1 (unknown error, transient).
    UnknownError,
    /// Graph error code 2 (service temporarily unavailable).
    ServiceUnavailable,
    /// Wait `delay_ms` before handling the request normally.
    Slow,
}

/// One fault rule. `endpoint` is `"<METHOD> <route>"` (e.g. `"POST act/ads"`, `"GET node"`,
/// `"GET node/previews"`, `"POST batch"`) or `"*"` for every Graph request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    pub endpoint: String,
    pub kind: FaultKind,
    /// How many matching requests it affects; absent = until cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// For `slow`: the delay (default 2000 ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
}

impl Fault {
    pub fn new(endpoint: impl Into<String>, kind: FaultKind) -> Self {
        Fault {
            endpoint: endpoint.into(),
            kind,
            times: None,
            delay_ms: None,
        }
    }

    pub fn times(mut self, n: u32) -> Self {
        self.times = Some(n);
        self
    }

    pub fn delay_ms(mut self, ms: u64) -> Self {
        self.delay_ms = Some(ms);
        self
    }

    /// Parses the CLI form `"POST act/ads=drop_after_write"`, optionally `...:times` .
    pub fn parse_cli(text: &str) -> Result<Self, String> {
        let (endpoint, rest) = text
            .split_once('=')
            .ok_or("expected ENDPOINT=KIND[:TIMES]")?;
        let (kind, times) = match rest.split_once(':') {
            Some((k, t)) => (k, Some(t.parse::<u32>().map_err(|e| e.to_string())?)),
            None => (rest, None),
        };
        let kind: FaultKind = serde_json::from_value(serde_json::Value::String(kind.to_string()))
            .map_err(|_| format!("unknown fault kind {kind}"))?;
        Ok(Fault {
            endpoint: endpoint.trim().to_string(),
            kind,
            times,
            delay_ms: None,
        })
    }
}

/// Shared handle to the active fault rules (cheap to clone).
#[derive(Debug, Clone, Default)]
pub struct FaultControl {
    rules: Arc<Mutex<Vec<Fault>>>,
}

impl FaultControl {
    pub fn inject(&self, fault: Fault) {
        self.rules.lock().expect("fault rules poisoned").push(fault);
    }

    pub fn clear(&self) {
        self.rules.lock().expect("fault rules poisoned").clear();
    }

    pub fn list(&self) -> Vec<Fault> {
        self.rules.lock().expect("fault rules poisoned").clone()
    }

    /// The fault to apply to this request, consuming one use of a counted rule.
    pub fn take(&self, endpoint: &str) -> Option<Fault> {
        let mut rules = self.rules.lock().expect("fault rules poisoned");
        let index = rules
            .iter()
            .position(|r| r.endpoint == "*" || r.endpoint == endpoint)?;
        let fault = rules[index].clone();
        if let Some(times) = rules[index].times.as_mut() {
            *times = times.saturating_sub(1);
            if *times == 0 {
                rules.remove(index);
            }
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_form_and_counted_rules() {
        let f = Fault::parse_cli("POST act/ads=drop_after_write:1").unwrap();
        assert_eq!(f.kind, FaultKind::DropAfterWrite);
        let control = FaultControl::default();
        control.inject(f);
        assert!(control.take("GET me").is_none());
        assert!(control.take("POST act/ads").is_some());
        assert!(control.take("POST act/ads").is_none());
        assert!(Fault::parse_cli("POST x=explode").is_err());
    }
}
