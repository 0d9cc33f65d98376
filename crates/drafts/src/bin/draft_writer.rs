//! Headless harness for the crash test: writes a stream of saves to a drafts database and
//! prints each acknowledgement on stdout only after the save has committed.
//!
//! Usage: `draft_writer DB_PATH DRAFTS SAVES`
//!
//! Output lines (flushed one by one):
//! - `ACK <draft id> <revision>`: the save producing that revision returned Ok.
//! - `QUEUED <idempotency key> <draft id> <revision>`: a publish of that revision was queued.
//!
//! The content of every revision is derived from the revision number (`message` is
//! `rev <n>`), so a checker can tell that what is stored is what was acknowledged. Restarted on
//! the same database, it continues from the stored revisions.

use std::io::Write;
use std::process::ExitCode;

use drafts::{AdContent, Destination, DraftBody, LinkAd, Store};

const TITLE_PREFIX: &str = "crash-";

fn body(revision: i64) -> DraftBody {
    DraftBody {
        ad_account_id: "act_1".into(),
        content: AdContent::Link(LinkAd {
            page_id: "1".into(),
            link: "https://shop.example.com".into(),
            message: message_for(revision),
            name: "Crash test".into(),
            ..Default::default()
        }),
        destination: Destination::StandaloneCreative,
        notices: vec![],
    }
}

/// `tests/crash.rs` checks stored drafts against this same rule.
fn message_for(revision: i64) -> String {
    format!("rev {revision}")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(Ok(drafts)), Some(Ok(saves))) = (
        args.get(1),
        args.get(2).map(|s| s.parse::<usize>()),
        args.get(3).map(|s| s.parse::<usize>()),
    ) else {
        eprintln!("usage: draft_writer DB_PATH DRAFTS SAVES");
        return ExitCode::from(2);
    };
    match run(path, drafts.max(1), saves) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("draft_writer: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str, drafts: usize, saves: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = Store::open(path)?;
    let mut out = std::io::stdout().lock();

    // Find the drafts of earlier runs, create the missing ones.
    let mut ids: Vec<(String, i64)> = store
        .list()?
        .into_iter()
        .filter(|d| d.title.starts_with(TITLE_PREFIX))
        .map(|d| (d.id, d.revision))
        .collect();
    while ids.len() < drafts {
        let d = store.create(&format!("{TITLE_PREFIX}{}", ids.len()), &body(1))?;
        writeln!(out, "ACK {} {}", d.id, d.revision)?;
        out.flush()?;
        ids.push((d.id, d.revision));
    }

    for n in 0..saves {
        let slot = n % ids.len();
        let (id, revision) = ids[slot].clone();
        let ack = store.save(&id, &body(revision + 1), Some(revision))?;
        writeln!(out, "ACK {id} {}", ack.revision)?;
        out.flush()?;
        ids[slot].1 = ack.revision;
        if n % 25 == 24 {
            let item = store.enqueue_publish(&id)?;
            writeln!(
                out,
                "QUEUED {} {id} {}",
                item.idempotency_key, item.draft_revision
            )?;
            out.flush()?;
        }
    }
    Ok(())
}
