//! harkd configuration: a TOML file, overridden by command-line flags.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// Where the database and media live.
    #[serde(default = "default_data_dir")]
    pub data_dir: PathBuf,
    /// Applications this server accepts, each with its UserSig secret key.
    #[serde(default)]
    pub apps: Vec<App>,
    #[serde(default)]
    pub store: StoreConfig,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    pub sdkappid: u32,
    /// The secret key UserSigs are signed with (Tencent's console calls it the key).
    pub key: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// SQLite `synchronous`: "full" survives power loss, "normal" survives a process crash.
    #[serde(default = "default_synchronous")]
    pub synchronous: String,
    /// Most writes committed in one transaction.
    #[serde(default = "default_batch")]
    pub max_batch: usize,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig { synchronous: default_synchronous(), max_batch: default_batch() }
    }
}

fn default_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 7000))
}
fn default_data_dir() -> PathBuf {
    PathBuf::from("harkd-data")
}
fn default_synchronous() -> String {
    "full".into()
}
fn default_batch() -> usize {
    512
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: default_listen(),
            data_dir: default_data_dir(),
            apps: Vec::new(),
            store: StoreConfig::default(),
        }
    }
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn app_key(&self, sdkappid: u32) -> Option<&str> {
        self.apps.iter().find(|a| a.sdkappid == sdkappid).map(|a| a.key.as_str())
    }

    pub fn check(&self) -> Result<(), String> {
        if self.apps.is_empty() {
            return Err("no [[apps]] configured: give at least one sdkappid and key".into());
        }
        if self.apps.iter().any(|a| a.key.is_empty()) {
            return Err("an app has an empty key".into());
        }
        match self.store.synchronous.as_str() {
            "full" | "normal" => {}
            other => return Err(format!("store.synchronous must be full or normal, not {other}")),
        }
        if self.store.max_batch == 0 {
            return Err("store.max_batch must be at least 1".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_file() {
        let c: Config = toml::from_str(
            r#"
            listen = "127.0.0.1:0"
            data_dir = "/tmp/x"
            [[apps]]
            sdkappid = 1400000001
            key = "k"
            [store]
            synchronous = "normal"
            "#,
        )
        .unwrap();
        c.check().unwrap();
        assert_eq!(c.app_key(1400000001), Some("k"));
        assert_eq!(c.store.max_batch, 512);
    }

    #[test]
    fn refuses_unknown_keys_and_missing_apps() {
        assert!(toml::from_str::<Config>("lisen = \"x\"").is_err());
        assert!(Config::default().check().is_err());
    }
}
