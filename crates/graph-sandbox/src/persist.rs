//! Optional state file so the demo account keeps its history across restarts. It holds the
//! world (tokens only as SHA-256 hashes) and the seed's ids without any plaintext token.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::seed::SavedSeed;
use crate::state::World;

const FORMAT: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error("state file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("state file {path} is not a sandbox state file: {source}")]
    Format {
        path: String,
        source: serde_json::Error,
    },
}

#[derive(Deserialize)]
pub struct StateFile {
    pub format: u32,
    pub seed: SavedSeed,
    pub world: World,
}

#[derive(Serialize)]
struct StateFileRef<'a> {
    format: u32,
    seed: &'a SavedSeed,
    world: &'a World,
}

pub fn load(path: &Path) -> Result<Option<StateFile>, PersistError> {
    let text = match std::fs::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(PersistError::Io {
                path: path.display().to_string(),
                source,
            })
        }
    };
    let file: StateFile = serde_json::from_slice(&text).map_err(|source| PersistError::Format {
        path: path.display().to_string(),
        source,
    })?;
    Ok((file.format == FORMAT).then_some(file))
}

/// Writes atomically (temporary file, then rename) so a crash never leaves half a file.
pub fn save(path: &Path, seed: &SavedSeed, world: &World) -> Result<(), PersistError> {
    let io = |source| PersistError::Io {
        path: path.display().to_string(),
        source,
    };
    let text = serde_json::to_vec(&StateFileRef {
        format: FORMAT,
        seed,
        world,
    })
    .map_err(|source| PersistError::Format {
        path: path.display().to_string(),
        source,
    })?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
