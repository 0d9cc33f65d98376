//! Database schema: connection settings and versioned migrations.

pub mod migrations;

use std::time::Duration;

use rusqlite::Connection;

use crate::error::Result;

/// Settings every connection gets, before any migration runs.
///
/// - WAL: readers (the list screen) never wait for the writer (a save).
/// - `synchronous=FULL`: in WAL mode, NORMAL can lose the last commits on power loss or an OS
///   crash; FULL fsyncs the WAL at every commit, so an acknowledged save survives those too.
/// - `foreign_keys=ON`: SQLite leaves them off by default, per connection.
/// - busy timeout: a second connection (e.g. the outbox sender) waits instead of failing.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(())
}
