//! `graph-sandbox --listen 127.0.0.1:0 [--state FILE] [--latency-ms N] [--pending-polls N]
//! [--fault "POST act/ads=drop_after_write[:TIMES]"]...`
//!
//! Prints one JSON object (base_url, access_token, user_id, app_id, ad_account_id, page_id,
//! campaign_id, adset_id, product_set_id, plus the other seed ids) as its first stdout line,
//! then serves until stopped.

use std::io::Write;
use std::time::Duration;

use graph_sandbox::{Fault, Sandbox, SandboxConfig};

fn usage() -> ! {
    eprintln!("usage: graph-sandbox --listen ADDR:PORT [--state FILE] [--latency-ms N] [--pending-polls N] [--fault 'METHOD route=kind[:times]']");
    std::process::exit(2)
}

fn parse_args() -> SandboxConfig {
    let mut config = SandboxConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--listen" => config.listen = value().parse().unwrap_or_else(|_| usage()),
            "--state" => config.state_file = Some(value().into()),
            "--latency-ms" => {
                config.latency = Duration::from_millis(value().parse().unwrap_or_else(|_| usage()))
            }
            "--pending-polls" => config.pending_polls = value().parse().unwrap_or_else(|_| usage()),
            "--fault" => config
                .faults
                .push(Fault::parse_cli(&value()).unwrap_or_else(|e| {
                    eprintln!("graph-sandbox: --fault: {e}");
                    std::process::exit(2)
                })),
            _ => usage(),
        }
    }
    config
}

#[tokio::main]
async fn main() {
    let config = parse_args();
    let sandbox = match Sandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("graph-sandbox: {e}");
            std::process::exit(1);
        }
    };
    let mut first_line = serde_json::to_value(&sandbox.seed).expect("seed info serializes");
    first_line["base_url"] = serde_json::Value::String(sandbox.base_url.clone());
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{first_line}");
    let _ = stdout.flush();
    drop(stdout);
    sandbox.wait().await;
}
