//! Kills the draft writer (`SIGKILL`, as `kill -9`) at random moments during a stream of saves,
//! many times over, then checks that every acknowledged save is in the database and that the
//! database opens cleanly.
//!
//! This covers process crashes. Surviving an OS crash or power loss as well rests on
//! `synchronous=FULL` (checked in the store tests), which a test cannot pull the plug on.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use drafts::{AdContent, OutboxStatus, Store};

const ROUNDS: usize = 12;
const DRAFTS: &str = "5";

/// xorshift64*: enough randomness for kill timing without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[derive(Default)]
struct Acked {
    /// Highest acknowledged revision per draft.
    revisions: HashMap<String, i64>,
    /// Idempotency key → (draft id, revision) of acknowledged enqueues.
    queued: HashMap<String, (String, i64)>,
    lines: usize,
}

impl Acked {
    fn take(&mut self, line: &str) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        match parts.as_slice() {
            ["ACK", id, rev] => {
                let rev: i64 = rev.parse().expect("revision");
                let e = self.revisions.entry((*id).to_owned()).or_insert(rev);
                *e = (*e).max(rev);
            }
            ["QUEUED", key, id, rev] => {
                self.queued.insert(
                    (*key).to_owned(),
                    ((*id).to_owned(), rev.parse().expect("rev")),
                );
            }
            // A line cut short by the kill is never complete, so it was not acknowledged.
            _ => return,
        }
        self.lines += 1;
    }
}

/// Runs the writer; kills it after `kill_after` (or lets it finish when `None`) and collects
/// the lines it printed.
fn run_writer(db: &std::path::Path, saves: usize, kill_after: Option<Duration>, acked: &mut Acked) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_draft_writer"))
        .arg(db)
        .arg(DRAFTS)
        .arg(saves.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn draft_writer");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    match kill_after {
        Some(delay) => {
            thread::sleep(delay);
            // SIGKILL on Unix: no destructors, no flush, no chance to finish the transaction.
            let _ = child.kill();
            child.wait().unwrap();
        }
        None => {
            let status = child.wait().unwrap();
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            assert!(status.success(), "writer failed: {err}");
        }
    }
    reader.join().unwrap();
    for line in rx.try_iter() {
        acked.take(&line);
    }
}

#[test]
fn every_acknowledged_save_survives_kill_9() {
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("crash test seed {seed}");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("drafts.db");
    let mut acked = Acked::default();

    for _ in 0..ROUNDS {
        // 0–250 ms: from before the database is even opened to deep into the stream.
        let delay = Duration::from_millis(rng.next() % 250);
        let before = acked.lines;
        run_writer(&db, 100_000, Some(delay), &mut acked);
        eprintln!(
            "killed after {delay:?}: {} acknowledgements",
            acked.lines - before
        );
        // Check after every kill: a later run would otherwise re-save a lost revision and hide
        // the loss.
        check(&db, &acked);
    }
    // A last run to completion, so the check cannot pass on an empty stream.
    run_writer(&db, 60, None, &mut acked);
    assert!(acked.lines >= 60, "only {} acknowledgements", acked.lines);
    assert!(!acked.queued.is_empty());
    check(&db, &acked);
}

/// Every acknowledged save and enqueue is in the database, and the database is sound.
fn check(db: &std::path::Path, acked: &Acked) {
    let store = Store::open(db).expect("database opens after kill -9");
    assert_eq!(store.integrity_problems().unwrap(), Vec::<String>::new());
    for (id, &rev) in &acked.revisions {
        let d = store.get(id).expect("acknowledged draft exists");
        // Later saves may have committed without being printed before the kill; the stored
        // revision is never behind an acknowledged one, and its content matches its number.
        assert!(
            d.revision >= rev,
            "draft {id}: stored {} < acked {rev}",
            d.revision
        );
        let AdContent::Link(ad) = &d.body.content else {
            panic!("draft {id} changed kind")
        };
        assert_eq!(ad.message, format!("rev {}", d.revision), "draft {id}");
    }
    let outbox = store.outbox_list().unwrap();
    for (key, (id, rev)) in &acked.queued {
        let item = outbox
            .iter()
            .find(|i| &i.idempotency_key == key)
            .unwrap_or_else(|| panic!("queued publish {key} lost"));
        assert_eq!(&item.draft_id, id);
        // A waiting publish is refreshed by a later publish of the same draft, never rewound.
        assert!(item.draft_revision >= *rev);
        assert_eq!(item.status, OutboxStatus::Queued);
    }
}
