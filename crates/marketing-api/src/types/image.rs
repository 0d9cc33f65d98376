//! Ad images (REFERENCE §1.1 "Image upload", §4, §8).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::enums::ImageStatus;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdImage {
    pub hash: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub width: Option<u32>,
    #[serde(default)]
    pub height: Option<u32>,
    #[serde(default)]
    pub status: Option<ImageStatus>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: BTreeMap<String, Value>,
}

/// How to upload: a file (multipart part `filename`, the SDK's recommended call) or the
/// bytes base64-encoded in a form field `bytes`.
#[derive(Clone, PartialEq, Eq)]
pub enum ImageUpload {
    /// `file_name` needs an extension (sample.jpg) [REFERENCE §8].
    File {
        file_name: String,
        bytes: Vec<u8>,
    },
    Bytes(Vec<u8>),
}

impl std::fmt::Debug for ImageUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File { file_name, bytes } => {
                write!(f, "File({file_name:?}, {} bytes)", bytes.len())
            }
            Self::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
        }
    }
}

/// `{"images": {"<filename or bytes>": {...}}}`, the reply to an upload.
#[derive(Debug, Deserialize)]
pub struct ImagesReply {
    pub images: BTreeMap<String, AdImage>,
}
