//! The outbox and publish history, through the public API the app uses.

use std::collections::HashSet;
use std::sync::{Arc, Barrier};
use std::thread;

use drafts::{
    AdContent, Destination, DraftBody, DraftsError, LinkAd, OutboxStatus, PublishResult,
    ReviewState, Store,
};

fn valid_body(message: &str) -> DraftBody {
    DraftBody {
        ad_account_id: "act_42".into(),
        content: AdContent::Link(LinkAd {
            page_id: "123".into(),
            link: "https://shop.example.com".into(),
            message: message.into(),
            name: "Headline".into(),
            ..Default::default()
        }),
        destination: Destination::NewPausedCampaign {
            campaign_name: "Spring".into(),
            ad_set_name: "Spring set".into(),
        },
        notices: vec![],
    }
}

fn ids(n: u32) -> PublishResult {
    PublishResult {
        creative_id: Some(format!("cr{n}")),
        ad_id: Some(format!("ad{n}")),
        ad_set_id: Some(format!("as{n}")),
        campaign_id: Some(format!("ca{n}")),
    }
}

#[test]
fn invalid_or_trashed_drafts_are_not_queued() {
    let mut s = Store::open_in_memory().unwrap();
    let mut body = valid_body("hi");
    body.ad_account_id.clear();
    let d = s.create("x", &body).unwrap();
    match s.enqueue_publish(&d.id) {
        Err(DraftsError::NotPublishable { issues, .. }) => {
            assert_eq!(issues.len(), 1);
            assert_eq!(issues[0].path, "ad_account_id");
        }
        other => panic!("{other:?}"),
    }
    let ok = s.create("y", &valid_body("hi")).unwrap();
    s.delete(&ok.id).unwrap();
    assert!(matches!(
        s.enqueue_publish(&ok.id),
        Err(DraftsError::Deleted(_))
    ));
    assert!(s.outbox_list().unwrap().is_empty());
}

#[test]
fn queued_item_is_a_snapshot_refreshed_by_publishing_again() {
    let mut s = Store::open_in_memory().unwrap();
    let d = s.create("x", &valid_body("one")).unwrap();
    let first = s.enqueue_publish(&d.id).unwrap();
    assert_eq!(first.status, OutboxStatus::Queued);
    assert_eq!((first.draft_revision, first.attempts), (1, 0));
    assert_eq!(first.ad_account_id, "act_42");

    // Editing the draft does not change what is queued…
    s.save(&d.id, &valid_body("two"), None).unwrap();
    assert_eq!(
        s.outbox_item(&first.idempotency_key).unwrap().body,
        valid_body("one")
    );
    // …publishing again does, under the same key.
    let again = s.enqueue_publish(&d.id).unwrap();
    assert_eq!(again.idempotency_key, first.idempotency_key);
    assert_eq!((again.draft_revision, again.body), (2, valid_body("two")));
    assert_eq!(s.outbox_list().unwrap().len(), 1);
}

#[test]
fn claim_and_mark_sent_happen_exactly_once() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s.create("a", &valid_body("a")).unwrap();
    let b = s.create("b", &valid_body("b")).unwrap();
    let qa = s.enqueue_publish(&a.id).unwrap();
    let qb = s.enqueue_publish(&b.id).unwrap();

    let c1 = s.outbox_claim_next().unwrap().unwrap();
    assert_eq!(c1.idempotency_key, qa.idempotency_key, "oldest first");
    assert_eq!((c1.status, c1.attempts), (OutboxStatus::Sending, 1));
    assert!(c1.claimed_at.is_some());
    let c2 = s.outbox_claim_next().unwrap().unwrap();
    assert_eq!(c2.idempotency_key, qb.idempotency_key);
    assert!(s.outbox_claim_next().unwrap().is_none());

    let rec = s.outbox_mark_sent(&c1.idempotency_key, &ids(1)).unwrap();
    assert_eq!(rec.draft_id, a.id);
    assert_eq!(rec.draft_revision, 1);
    assert_eq!(rec.ad_id.as_deref(), Some("ad1"));
    assert_eq!(rec.review_state, ReviewState::Submitted);
    assert_eq!(
        rec.idempotency_key.as_deref(),
        Some(c1.idempotency_key.as_str())
    );
    let sent = s.outbox_item(&c1.idempotency_key).unwrap();
    assert_eq!(sent.status, OutboxStatus::Sent);
    assert!(sent.sent_at.is_some());

    // A second completion (a retried callback, a second sender) changes nothing.
    assert!(matches!(
        s.outbox_mark_sent(&c1.idempotency_key, &ids(9)),
        Err(DraftsError::OutboxState { .. })
    ));
    assert_eq!(s.publish_history(&a.id).unwrap(), vec![rec]);
    // An item never claimed cannot be marked sent.
    let c = s.create("c", &valid_body("c")).unwrap();
    let qc = s.enqueue_publish(&c.id).unwrap();
    assert!(s.outbox_mark_sent(&qc.idempotency_key, &ids(3)).is_err());
    assert!(s.publish_history(&c.id).unwrap().is_empty());
    assert!(matches!(
        s.outbox_mark_sent("no-such-key", &ids(3)),
        Err(DraftsError::OutboxItemNotFound(_))
    ));
}

#[test]
fn failures_retry_or_stop_and_can_be_requeued_or_cancelled() {
    let mut s = Store::open_in_memory().unwrap();
    let d = s.create("x", &valid_body("x")).unwrap();
    let key = s.enqueue_publish(&d.id).unwrap().idempotency_key;

    s.outbox_claim_next().unwrap().unwrap();
    s.outbox_mark_failed(&key, "network unreachable", true)
        .unwrap();
    let it = s.outbox_item(&key).unwrap();
    assert_eq!(it.status, OutboxStatus::Queued);
    assert_eq!(it.last_error.as_deref(), Some("network unreachable"));

    let again = s.outbox_claim_next().unwrap().unwrap();
    assert_eq!(again.attempts, 2);
    s.outbox_mark_failed(&key, "(#100) Invalid parameter", false)
        .unwrap();
    assert_eq!(s.outbox_item(&key).unwrap().status, OutboxStatus::Failed);
    assert!(s.outbox_claim_next().unwrap().is_none());
    assert!(
        s.outbox_mark_failed(&key, "again", true).is_err(),
        "only sending items fail"
    );

    s.outbox_requeue(&key).unwrap();
    assert_eq!(s.outbox_item(&key).unwrap().status, OutboxStatus::Queued);
    s.outbox_cancel(&key).unwrap();
    assert_eq!(s.outbox_item(&key).unwrap().status, OutboxStatus::Cancelled);
    assert!(s.outbox_claim_next().unwrap().is_none());
    assert!(s.outbox_requeue(&key).is_err(), "cancelled stays cancelled");
}

#[test]
fn requeue_yields_to_a_newer_publish_of_the_same_draft() {
    let mut s = Store::open_in_memory().unwrap();
    let d = s.create("x", &valid_body("x")).unwrap();
    let old = s.enqueue_publish(&d.id).unwrap().idempotency_key;
    s.outbox_claim_next().unwrap();
    s.outbox_mark_failed(&old, "boom", false).unwrap();
    let newer = s.enqueue_publish(&d.id).unwrap().idempotency_key;
    assert_ne!(old, newer);
    s.outbox_requeue(&old).unwrap();
    assert_eq!(s.outbox_item(&old).unwrap().status, OutboxStatus::Cancelled);
    assert_eq!(s.outbox_item(&newer).unwrap().status, OutboxStatus::Queued);
}

#[test]
fn queue_survives_restart_and_in_flight_items_wait_for_reconciliation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let (a_key, b_key) = {
        let mut s = Store::open(&path).unwrap();
        let a = s.create("a", &valid_body("a")).unwrap();
        let b = s.create("b", &valid_body("b")).unwrap();
        let a_key = s.enqueue_publish(&a.id).unwrap().idempotency_key;
        let b_key = s.enqueue_publish(&b.id).unwrap().idempotency_key;
        // The app claims A, then dies before Meta answers.
        s.outbox_claim_next().unwrap().unwrap();
        (a_key, b_key)
    };
    let mut s = Store::open(&path).unwrap();
    let in_flight = s.outbox_in_flight().unwrap();
    assert_eq!(in_flight.len(), 1);
    assert_eq!(in_flight[0].idempotency_key, a_key);
    // A is not handed out again on its own: only B is claimable.
    let next = s.outbox_claim_next().unwrap().unwrap();
    assert_eq!(next.idempotency_key, b_key);
    assert!(s.outbox_claim_next().unwrap().is_none());
    // Reconciliation found A was not made on Meta: back in the queue.
    s.outbox_requeue(&a_key).unwrap();
    let retry = s.outbox_claim_next().unwrap().unwrap();
    assert_eq!(
        (retry.idempotency_key.as_str(), retry.attempts),
        (a_key.as_str(), 2)
    );
}

#[test]
fn concurrent_senders_never_claim_the_same_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let mut expected = HashSet::new();
    {
        let mut s = Store::open(&path).unwrap();
        for i in 0..40 {
            let d = s.create(&format!("d{i}"), &valid_body("x")).unwrap();
            expected.insert(s.enqueue_publish(&d.id).unwrap().idempotency_key);
        }
    }
    let barrier = Arc::new(Barrier::new(3));
    let workers: Vec<_> = (0..3)
        .map(|_| {
            let path = path.clone();
            let barrier = barrier.clone();
            thread::spawn(move || {
                let mut s = Store::open(&path).unwrap();
                barrier.wait();
                let mut mine = Vec::new();
                while let Some(item) = s.outbox_claim_next().unwrap() {
                    s.outbox_mark_sent(&item.idempotency_key, &ids(0)).unwrap();
                    mine.push(item.idempotency_key);
                }
                mine
            })
        })
        .collect();
    let mut claimed = Vec::new();
    for w in workers {
        claimed.extend(w.join().unwrap());
    }
    let unique: HashSet<_> = claimed.iter().cloned().collect();
    assert_eq!(claimed.len(), unique.len(), "an item was claimed twice");
    assert_eq!(unique, expected);
    let s = Store::open(&path).unwrap();
    assert!(s
        .outbox_list()
        .unwrap()
        .iter()
        .all(|i| i.status == OutboxStatus::Sent));
}

#[test]
fn history_is_appended_and_never_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let mut s = Store::open(&path).unwrap();
    let d = s.create("x", &valid_body("x")).unwrap();
    let key = s.enqueue_publish(&d.id).unwrap().idempotency_key;
    s.outbox_claim_next().unwrap();
    let sent = s.outbox_mark_sent(&key, &ids(7)).unwrap();

    let review = s
        .record_review_state(&d.id, "ad7", ReviewState::Disapproved, Some("Text policy"))
        .unwrap();
    assert_eq!(review.ad_id.as_deref(), Some("ad7"));
    assert_eq!(review.draft_revision, sent.draft_revision);
    assert_eq!(review.review_feedback.as_deref(), Some("Text policy"));
    let active = s
        .record_review_state(&d.id, "cr7", ReviewState::Active, None)
        .unwrap();
    let states: Vec<_> = s
        .publish_history(&d.id)
        .unwrap()
        .into_iter()
        .map(|r| r.review_state)
        .collect();
    assert_eq!(
        states,
        vec![
            ReviewState::Submitted,
            ReviewState::Disapproved,
            ReviewState::Active
        ]
    );
    assert!(active.id > review.id && review.id > sent.id);
    assert!(matches!(
        s.record_review_state(&d.id, "unknown", ReviewState::Active, None),
        Err(DraftsError::NotFound(_))
    ));

    // The database itself refuses to rewrite or drop history.
    let raw = rusqlite::Connection::open(&path).unwrap();
    assert!(raw
        .execute("UPDATE publish_records SET ad_id = 'x'", [])
        .is_err());
    assert!(raw.execute("DELETE FROM publish_records", []).is_err());

    // A published draft can go to the trash but is never purged, so its history stays.
    s.delete(&d.id).unwrap();
    assert!(matches!(s.purge(&d.id), Err(DraftsError::HasHistory(_))));
    assert_eq!(s.empty_trash(i64::MAX).unwrap(), 0);
    assert_eq!(s.publish_history(&d.id).unwrap().len(), 3);
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn drafts_with_a_pending_publish_are_not_purged_but_cancelled_ones_are() {
    let mut s = Store::open_in_memory().unwrap();
    let d = s.create("x", &valid_body("x")).unwrap();
    let key = s.enqueue_publish(&d.id).unwrap().idempotency_key;
    s.delete(&d.id).unwrap();
    assert!(matches!(s.purge(&d.id), Err(DraftsError::HasHistory(_))));
    s.outbox_cancel(&key).unwrap();
    s.purge(&d.id).unwrap();
    assert!(s.outbox_list().unwrap().is_empty());
}

#[test]
fn publishes_of_trashed_drafts_wait_until_restored() {
    let mut s = Store::open_in_memory().unwrap();
    let d = s.create("x", &valid_body("x")).unwrap();
    let key = s.enqueue_publish(&d.id).unwrap().idempotency_key;
    s.delete(&d.id).unwrap();
    assert!(s.outbox_claim_next().unwrap().is_none());
    assert_eq!(s.outbox_item(&key).unwrap().status, OutboxStatus::Queued);
    s.restore(&d.id).unwrap();
    assert_eq!(s.outbox_claim_next().unwrap().unwrap().idempotency_key, key);
}

#[test]
fn a_sender_claims_only_items_for_the_ad_accounts_it_reaches() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("d.sqlite3")).unwrap();
    let other = store.create("Other account", &{
        let mut b = valid_body("For another account");
        b.ad_account_id = "act_7".into();
        b
    });
    let other = other.unwrap();
    let ours = store.create("Ours", &valid_body("For act_42")).unwrap();
    let waiting = store.enqueue_publish(&other.id).unwrap();
    let first = store.enqueue_publish(&ours.id).unwrap();

    // The older item is for act_7: a sender for act_42 passes over it, it is not held up.
    let claimed = store
        .outbox_claim_next_for(&["act_42".to_owned()])
        .unwrap()
        .unwrap();
    assert_eq!(claimed.idempotency_key, first.idempotency_key);
    assert_eq!(
        store.outbox_claim_next_for(&["act_42".to_owned()]).unwrap(),
        None
    );
    assert_eq!(store.outbox_claim_next_for(&[]).unwrap(), None);
    let still = store.outbox_item(&waiting.idempotency_key).unwrap();
    assert_eq!(
        still.status,
        OutboxStatus::Queued,
        "it waits for an account that reaches act_7"
    );
    let later = store
        .outbox_claim_next_for(&["act_7".to_owned(), "act_42".to_owned()])
        .unwrap()
        .unwrap();
    assert_eq!(later.idempotency_key, waiting.idempotency_key);
}

#[test]
fn a_publish_made_outside_the_outbox_is_appended_to_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("d.db")).unwrap();
    let d = s.create("x", &valid_body("x")).unwrap();
    let first_ad = PublishResult {
        creative_id: Some("cr1".into()),
        ad_id: Some("ad9".into()),
        ad_set_id: Some("as1".into()),
        campaign_id: None,
    };
    let rec = s.record_publish(&d.id, 1, "act_42", &first_ad).unwrap();
    assert_eq!(rec.ad_id.as_deref(), Some("ad9"));
    assert_eq!(rec.review_state, ReviewState::Submitted);
    assert_eq!(rec.idempotency_key, None);
    assert_eq!(s.publish_history(&d.id).unwrap(), vec![rec.clone()]);
    // A retry that found the same ad: one ad, one record.
    assert_eq!(
        s.record_publish(&d.id, 1, "act_42", &first_ad).unwrap(),
        rec
    );
    let another = PublishResult {
        ad_id: Some("ad10".into()),
        ..first_ad.clone()
    };
    s.record_publish(&d.id, 1, "act_42", &another).unwrap();
    assert_eq!(s.publish_history(&d.id).unwrap().len(), 2);
    assert!(s.record_publish("nope", 1, "act_42", &first_ad).is_err());
}
