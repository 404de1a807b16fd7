//! harkd configuration: a TOML file, overridden by command-line flags.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    #[serde(default)]
    pub media: MediaConfig,
    #[serde(default)]
    pub push: PushConfig,
    #[serde(default)]
    pub groups: GroupsConfig,
    #[serde(default)]
    pub admin: AdminConfig,
    #[serde(default)]
    pub limits: LimitsConfig,
    /// When given, harkd serves TLS only (`wss://`, `https://`) on `listen`.
    #[serde(default)]
    pub tls: Option<TlsConfig>,
}

/// The server's certificate and key, PEM files (`docs/operations.md`, "TLS").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    /// The certificate chain, the server's own certificate first.
    pub cert: PathBuf,
    /// Its private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
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
    /// "full": acks wait for the WAL's sync (survive power loss); "normal": acks at the
    /// commit (survive a crash of harkd). See docs/operations.md, "Storage".
    #[serde(default = "default_synchronous")]
    pub synchronous: String,
    /// Most writes committed in one transaction.
    #[serde(default = "default_batch")]
    pub max_batch: usize,
    /// The app a data directory made before harkd kept apps apart belongs to; needed only
    /// when several apps are configured (with one, its rows go to that one).
    #[serde(default)]
    pub legacy_sdkappid: Option<u32>,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            synchronous: default_synchronous(),
            max_batch: default_batch(),
            legacy_sdkappid: None,
        }
    }
}

/// Media uploads (`docs/operations.md`, "Abandoned uploads").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaConfig {
    /// An unfinished upload that has received no bytes for this many hours is removed,
    /// its bytes and its record.
    #[serde(default = "default_abandoned_hours")]
    pub abandoned_upload_hours: u32,
    /// For tests, not read from the file: the same in seconds, in place of the hours.
    #[serde(skip)]
    pub abandoned_upload_secs: Option<u64>,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            abandoned_upload_hours: default_abandoned_hours(),
            abandoned_upload_secs: None,
        }
    }
}

impl MediaConfig {
    /// How long an unfinished upload may go without bytes.
    pub fn abandoned_after(&self) -> Duration {
        let hours = Duration::from_secs(u64::from(self.abandoned_upload_hours) * 3600);
        self.abandoned_upload_secs.map_or(hours, Duration::from_secs)
    }

    /// How often harkd looks for abandoned uploads: hourly, or more often for a shorter
    /// time limit, so none outlives it by more than a quarter.
    pub fn sweep_every(&self) -> Duration {
        let quarter = self.abandoned_after() / 4;
        quarter.clamp(Duration::from_millis(100), Duration::from_secs(3600))
    }

    fn check(&self) -> Result<(), String> {
        if self.abandoned_after().is_zero() {
            return Err("media.abandoned_upload_hours must be at least 1".into());
        }
        Ok(())
    }
}

fn default_abandoned_hours() -> u32 {
    24
}

/// Offline push (`docs/protocol.md`, "Offline push").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushConfig {
    #[serde(default)]
    pub provider: PushProvider,
    /// The webhook's URL (`http://` only); required when `provider` is `webhook`.
    #[serde(default)]
    pub url: String,
    /// One delivery attempt may take this long before it counts as failed.
    #[serde(default = "default_push_timeout")]
    pub timeout_ms: u64,
    /// Attempts per notification before it is given up (and logged).
    #[serde(default = "default_push_attempts")]
    pub max_attempts: u32,
    /// The wait after the first failure; it doubles per failure up to `backoff_max_ms`.
    #[serde(default = "default_backoff_initial")]
    pub backoff_initial_ms: u64,
    #[serde(default = "default_backoff_max")]
    pub backoff_max_ms: u64,
}

/// Where a webhook lives, taken apart from its URL.
#[derive(Clone, Debug)]
pub struct WebhookUrl {
    /// `host:port`, for connecting and for the Host header.
    pub authority: String,
    /// The request target: path and query.
    pub target: String,
}

impl WebhookUrl {
    /// Accepts `http://host[:port][/path][?query]`.
    pub fn parse(url: &str) -> Result<WebhookUrl, String> {
        let uri: hyper::Uri = url.parse().map_err(|e| format!("{url:?} is not a URL: {e}"))?;
        if uri.scheme_str() != Some("http") {
            return Err(format!("{url:?}: only http:// URLs are supported"));
        }
        let host = uri.host().filter(|h| !h.is_empty()).ok_or(format!("{url:?} has no host"))?;
        let port = uri.port_u16().unwrap_or(80);
        let target = uri.path_and_query().map_or("/", |p| p.as_str());
        let target = if target.is_empty() { "/" } else { target };
        Ok(WebhookUrl { authority: format!("{host}:{port}"), target: target.to_owned() })
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushProvider {
    /// Writes each notification to the log at info level.
    #[default]
    Log,
    /// POSTs each notification as JSON to `url`.
    Webhook,
}

impl Default for PushConfig {
    fn default() -> Self {
        PushConfig {
            provider: PushProvider::Log,
            url: String::new(),
            timeout_ms: default_push_timeout(),
            max_attempts: default_push_attempts(),
            backoff_initial_ms: default_backoff_initial(),
            backoff_max_ms: default_backoff_max(),
        }
    }
}

impl PushConfig {
    fn check(&self) -> Result<(), String> {
        if self.provider == PushProvider::Webhook {
            WebhookUrl::parse(&self.url).map_err(|e| format!("push.url: {e}"))?;
        }
        if self.timeout_ms == 0 || self.max_attempts == 0 {
            return Err("push.timeout_ms and push.max_attempts must be at least 1".into());
        }
        if self.backoff_initial_ms == 0 || self.backoff_initial_ms > self.backoff_max_ms {
            return Err("push.backoff_initial_ms must be 1..=push.backoff_max_ms".into());
        }
        Ok(())
    }
}

fn default_push_timeout() -> u64 {
    5_000
}
fn default_push_attempts() -> u32 {
    10
}
fn default_backoff_initial() -> u64 {
    1_000
}
fn default_backoff_max() -> u64 {
    300_000
}

/// Group settings (`docs/protocol.md`, "Priority and the rate limit").
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupsConfig {
    /// Messages per second each group of a type may send, e.g. `Work = 40`.
    #[serde(default)]
    pub rate_limit: RateLimits,
    /// The most members a group of each type may have, e.g. `Public = 2000`; 0: no limit.
    #[serde(default)]
    pub max_members: MemberCaps,
    /// Whether a new member's history holds what was sent before it joined, e.g.
    /// `Public = false`. Its catch-up and unread counts start at the join either way.
    #[serde(default)]
    pub history_before_join: HistoryBeforeJoin,
}

/// Per group type, Tencent's defaults: a Meeting is joined to take part in what is going
/// on, and a Community works like channels, whose history is their point, so newcomers see
/// what came before; in Work and Public groups what was said before someone joined stays
/// with those who were there. AVChatRoom keeps no history.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryBeforeJoin {
    #[serde(default, rename = "Work")]
    pub work: bool,
    #[serde(default, rename = "Public")]
    pub public: bool,
    #[serde(default = "yes", rename = "Meeting")]
    pub meeting: bool,
    #[serde(default, rename = "AVChatRoom")]
    pub av_chat_room: bool,
    #[serde(default = "yes", rename = "Community")]
    pub community: bool,
}

impl Default for HistoryBeforeJoin {
    fn default() -> Self {
        HistoryBeforeJoin {
            work: false,
            public: false,
            meeting: true,
            av_chat_room: false,
            community: true,
        }
    }
}

impl HistoryBeforeJoin {
    /// `(group type, whether new members see what came before)` for every type.
    pub fn by_type(&self) -> HashMap<String, bool> {
        let sees = [self.work, self.public, self.meeting, self.av_chat_room, self.community];
        hark_proto::limits::GROUP_TYPES.iter().map(|t| t.to_string()).zip(sees).collect()
    }
}

fn yes() -> bool {
    true
}

/// Per group type, with V2TIM's type names as keys: Tencent's sizes by default (Work 200,
/// Public 2,000, Meeting 6,000, Community 100,000; AVChatRoom has no member list limit).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberCaps {
    #[serde(default = "default_work_members", rename = "Work")]
    pub work: u32,
    #[serde(default = "default_public_members", rename = "Public")]
    pub public: u32,
    #[serde(default = "default_meeting_members", rename = "Meeting")]
    pub meeting: u32,
    #[serde(default, rename = "AVChatRoom")]
    pub av_chat_room: u32,
    #[serde(default = "default_community_members", rename = "Community")]
    pub community: u32,
}

impl Default for MemberCaps {
    fn default() -> Self {
        MemberCaps {
            work: default_work_members(),
            public: default_public_members(),
            meeting: default_meeting_members(),
            av_chat_room: 0,
            community: default_community_members(),
        }
    }
}

impl MemberCaps {
    /// `(group type, most members)` for every type; 0 is no limit.
    pub fn by_type(&self) -> HashMap<String, u32> {
        let caps = [self.work, self.public, self.meeting, self.av_chat_room, self.community];
        hark_proto::limits::GROUP_TYPES.iter().map(|t| t.to_string()).zip(caps).collect()
    }
}

fn default_work_members() -> u32 {
    200
}
fn default_public_members() -> u32 {
    2_000
}
fn default_meeting_members() -> u32 {
    6_000
}
fn default_community_members() -> u32 {
    100_000
}

/// Per group type, with V2TIM's type names as keys; Tencent's default is 40 msg/s.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimits {
    #[serde(default = "default_rate", rename = "Work")]
    pub work: u32,
    #[serde(default = "default_rate", rename = "Public")]
    pub public: u32,
    #[serde(default = "default_rate", rename = "Meeting")]
    pub meeting: u32,
    #[serde(default = "default_rate", rename = "AVChatRoom")]
    pub av_chat_room: u32,
    #[serde(default = "default_rate", rename = "Community")]
    pub community: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        let r = default_rate();
        RateLimits { work: r, public: r, meeting: r, av_chat_room: r, community: r }
    }
}

impl RateLimits {
    /// `(group type, messages per second)` for every type.
    pub fn by_type(&self) -> HashMap<String, u32> {
        let limits = [self.work, self.public, self.meeting, self.av_chat_room, self.community];
        hark_proto::limits::GROUP_TYPES.iter().map(|t| t.to_string()).zip(limits).collect()
    }
}

fn default_rate() -> u32 {
    40
}

/// The REST API's administrator (`docs/protocol.md`, "REST API").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdminConfig {
    /// The `identifier` REST calls must carry, with a UserSig made for it.
    #[serde(default = "default_admin")]
    pub identifier: String,
}

impl Default for AdminConfig {
    fn default() -> Self {
        AdminConfig { identifier: default_admin() }
    }
}

fn default_admin() -> String {
    "administrator".into()
}

/// Request rate limits (`docs/protocol.md`, "Limits"); token buckets, so a client may
/// exceed the rate for up to a burst.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Frames per second one connection may send after its login; past it, 9506.
    #[serde(default = "default_connection_rate")]
    pub connection_requests_per_sec: u32,
    #[serde(default = "default_connection_burst")]
    pub connection_burst: u32,
    /// Messages per second one user may send, over all of its sessions; past it, 7008.
    #[serde(default = "default_user_rate")]
    pub user_sends_per_sec: u32,
    #[serde(default = "default_user_burst")]
    pub user_send_burst: u32,
    /// Bytes of replies and pushes a session may have waiting to be written; a client that
    /// reads slower than that is disconnected (it catches up when it comes back).
    #[serde(default = "default_session_queue_bytes")]
    pub session_queue_bytes: usize,
    /// Bytes of memory that every session's replies and pushes waiting to be written may
    /// hold together (a push shared by many sessions counts once). Past it, the sessions
    /// with the most waiting are disconnected, largest first, and only those holding more
    /// than an even share (`queued_bytes_total` / sessions online).
    #[serde(default = "default_queued_bytes_total")]
    pub queued_bytes_total: usize,
    /// Sessions one user may have at once, over all platforms; a login past it kicks the
    /// user's oldest session, as a login on the same platform does.
    #[serde(default = "default_sessions_per_user")]
    pub sessions_per_user: usize,
    /// A session from which nothing at all (pings included) arrives for this long is closed:
    /// its client is gone or its connection is half-open.
    #[serde(default = "default_idle_timeout")]
    pub idle_timeout_secs: u64,
    /// The most pixels (width × height) an uploaded image or snapshot may have; a larger
    /// one is refused from its header, before it is decoded (413, 7005).
    #[serde(default = "default_image_max_pixels")]
    pub image_max_pixels: u64,
    /// Bytes of memory that image decodes (with their large and thumbnail versions) may
    /// hold at once; each reserves what its header says it needs, and the rest wait. An
    /// image that alone needs more is refused (413, 7005).
    #[serde(default = "default_image_decode_memory")]
    pub image_decode_memory_bytes: u64,
    /// A connection must finish its TLS handshake, and then send each request's whole header
    /// (the first, and the next on a kept-alive connection), within this long; otherwise it is
    /// closed.
    #[serde(default = "default_header_timeout")]
    pub header_timeout_secs: u64,
    /// Connections open at once, at most; harkd also keeps it to 7/8 of its open-file limit.
    #[serde(default = "default_max_connections")]
    pub max_connections: usize,
    /// Connections open at once from one IP address (IPv6: one /64), at most.
    #[serde(default = "default_max_connections_per_address")]
    pub max_connections_per_address: usize,
    /// Connections that are not in a request and not a WebSocket (a TLS handshake, a header
    /// on its way, a kept-alive connection between requests), at most. Past any of these
    /// caps the oldest such connection is closed to make room; only a newcomer that finds
    /// every connection busy or a WebSocket is refused.
    #[serde(default = "default_max_pending_connections")]
    pub max_pending_connections: usize,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            connection_requests_per_sec: default_connection_rate(),
            connection_burst: default_connection_burst(),
            user_sends_per_sec: default_user_rate(),
            user_send_burst: default_user_burst(),
            session_queue_bytes: default_session_queue_bytes(),
            queued_bytes_total: default_queued_bytes_total(),
            sessions_per_user: default_sessions_per_user(),
            idle_timeout_secs: default_idle_timeout(),
            image_max_pixels: default_image_max_pixels(),
            image_decode_memory_bytes: default_image_decode_memory(),
            header_timeout_secs: default_header_timeout(),
            max_connections: default_max_connections(),
            max_connections_per_address: default_max_connections_per_address(),
            max_pending_connections: default_max_pending_connections(),
        }
    }
}

// Far above what one app session sends; the benchmarks pipeline about 500 msg/s per sender.
fn default_connection_rate() -> u32 {
    1000
}
fn default_connection_burst() -> u32 {
    2000
}
fn default_user_rate() -> u32 {
    1000
}
fn default_user_burst() -> u32 {
    2000
}
// Several full history pages (1 MB each at most), far above what a reading client lags.
fn default_session_queue_bytes() -> usize {
    16 << 20
}
// Sixteen sessions' full queues; in a few percent of a small server's memory.
fn default_queued_bytes_total() -> usize {
    256 << 20
}
// Tencent lets one session per platform live; V2TIM knows fewer than ten platforms.
fn default_sessions_per_user() -> usize {
    10
}
// Three times libhark's default ping interval (30 s).
fn default_idle_timeout() -> u64 {
    90
}
// 50 megapixels: a full-resolution photo of a 48 or 50 MP phone camera (8160x6120) or an
// 8K frame; 200 MB of RGBA pixels decoded.
fn default_image_max_pixels() -> u64 {
    50_000_000
}
// The image crate's own allocation limit: one 50 MP photo with its versions, or five
// 12 MP ones, at a time.
fn default_image_decode_memory() -> u64 {
    512 << 20
}
// As long as a WebSocket gets to log in.
fn default_header_timeout() -> u64 {
    10
}
// About 500 MiB of idle sessions (10 KiB each, docs/benchmarks.md).
fn default_max_connections() -> usize {
    50_000
}
// Room for many users behind one NAT, most of them logged in.
fn default_max_connections_per_address() -> usize {
    1024
}
fn default_max_pending_connections() -> usize {
    4096
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
            media: MediaConfig::default(),
            push: PushConfig::default(),
            groups: GroupsConfig::default(),
            admin: AdminConfig::default(),
            limits: LimitsConfig::default(),
            tls: None,
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
        // 0 marks rows no app has claimed yet (store/mod.rs, schema version 3).
        if self.apps.iter().any(|a| a.sdkappid == 0) {
            return Err("sdkappid 0 is not an app's: SDKAppIDs start at 1".into());
        }
        let mut ids: Vec<u32> = self.apps.iter().map(|a| a.sdkappid).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err("an sdkappid is configured twice".into());
        }
        if let Some(legacy) = self.store.legacy_sdkappid {
            if self.app_key(legacy).is_none() {
                return Err(format!("store.legacy_sdkappid {legacy} is not a configured app"));
            }
        }
        match self.store.synchronous.as_str() {
            "full" | "normal" => {}
            other => return Err(format!("store.synchronous must be full or normal, not {other}")),
        }
        if self.store.max_batch == 0 {
            return Err("store.max_batch must be at least 1".into());
        }
        self.media.check()?;
        if self.groups.rate_limit.by_type().values().any(|&r| r == 0) {
            return Err("groups.rate_limit values must be at least 1 (messages per second)".into());
        }
        if !hark_proto::limits::valid_user_id(&self.admin.identifier) {
            return Err("admin.identifier must be 1 to 32 bytes of printable ASCII".into());
        }
        let l = &self.limits;
        let limits = [
            l.connection_requests_per_sec,
            l.connection_burst,
            l.user_sends_per_sec,
            l.user_send_burst,
        ];
        let connections =
            [l.max_connections, l.max_connections_per_address, l.max_pending_connections];
        let min_bytes = hark_proto::limits::MAX_FRAME_BYTES;
        if limits.contains(&0)
            || connections.contains(&0)
            || l.session_queue_bytes < min_bytes
            || l.queued_bytes_total < min_bytes
            || l.sessions_per_user == 0
            || l.idle_timeout_secs == 0
            || l.header_timeout_secs == 0
        {
            return Err("limits values must be at least 1, session_queue_bytes and \
                        queued_bytes_total at least 1 MiB"
                .into());
        }
        // Below these not even a small photo could be taken.
        if l.image_max_pixels < 1_000_000 || l.image_decode_memory_bytes < 16 << 20 {
            return Err("limits.image_max_pixels must be at least 1000000 and \
                        limits.image_decode_memory_bytes at least 16 MiB"
                .into());
        }
        self.push.check()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `extra` after one app, parsed and checked.
    fn checked(extra: &str) -> Result<Config, String> {
        let text = format!("[[apps]]\nsdkappid = 1\nkey = \"k\"\n{extra}");
        let c = toml::from_str::<Config>(&text).map_err(|e| e.to_string())?;
        c.check()?;
        Ok(c)
    }

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
        assert_eq!(c.push.provider, PushProvider::Log);
    }

    #[test]
    fn the_media_section_sets_when_uploads_are_abandoned() {
        let with = |media: &str| checked(&format!("[media]\n{media}")).map(|c| c.media);
        let m = with("").unwrap();
        assert_eq!(m.abandoned_after(), Duration::from_secs(24 * 3600));
        assert_eq!(m.sweep_every(), Duration::from_secs(3600));
        let m = with("abandoned_upload_hours = 2").unwrap();
        assert_eq!(m.abandoned_after(), Duration::from_secs(7200));
        assert_eq!(m.sweep_every(), Duration::from_secs(1800));
        assert!(with("abandoned_upload_hours = 0").is_err());
        assert!(with("abandoned_upload_secs = 5").is_err(), "tests only");
        let m = MediaConfig { abandoned_upload_secs: Some(2), ..MediaConfig::default() };
        assert_eq!(
            (m.abandoned_after(), m.sweep_every()),
            (Duration::from_secs(2), Duration::from_millis(500))
        );
    }

    #[test]
    fn checks_the_push_section() {
        let with = |push: &str| checked(&format!("[push]\n{push}"));
        with("provider = \"webhook\"\nurl = \"http://127.0.0.1:9/push\"\ntimeout_ms = 100")
            .unwrap();
        assert!(with("provider = \"webhook\"").is_err(), "a webhook needs a url");
        assert!(with("provider = \"webhook\"\nurl = \"https://x/\"").is_err());
        assert!(with("provider = \"apns\"").is_err());
        assert!(with("max_attempts = 0").is_err());
        assert!(with("backoff_initial_ms = 10\nbackoff_max_ms = 5").is_err());
    }

    #[test]
    fn rate_limits_and_the_admin_have_defaults_and_are_checked() {
        let with = checked;
        let c = with("").unwrap();
        assert_eq!(c.admin.identifier, "administrator");
        assert!(c.groups.rate_limit.by_type().values().all(|&r| r == 40));
        let c =
            with("[groups.rate_limit]\nAVChatRoom = 100\n[admin]\nidentifier = \"ops\"").unwrap();
        let limits = c.groups.rate_limit.by_type();
        assert_eq!((limits["AVChatRoom"], limits["Work"], limits.len()), (100, 40, 5));
        assert_eq!(c.admin.identifier, "ops");
        assert!(with("[groups.rate_limit]\nWork = 0").is_err());
        assert!(with("[groups.rate_limit]\nChatRoom = 5").is_err());
        let caps = c.groups.max_members.by_type();
        assert_eq!(
            (caps["Work"], caps["Public"], caps["Meeting"], caps["Community"], caps["AVChatRoom"]),
            (200, 2_000, 6_000, 100_000, 0)
        );
        let caps = with("[groups.max_members]\nPublic = 3").unwrap().groups.max_members.by_type();
        assert_eq!((caps["Public"], caps["Work"]), (3, 200));
        assert!(with("[groups.max_members]\nPrivate = 5").is_err());
        let sees = c.groups.history_before_join.by_type();
        assert_eq!(
            (sees["Work"], sees["Public"], sees["Meeting"], sees["Community"]),
            (false, false, true, true)
        );
        let sees = with("[groups.history_before_join]\nPublic = true").unwrap();
        assert!(sees.groups.history_before_join.by_type()["Public"]);
        assert!(with("[admin]\nidentifier = \"\"").is_err());
        assert_eq!(c.limits.connection_requests_per_sec, 1000);
        assert_eq!(c.limits.idle_timeout_secs, 90);
        assert_eq!(
            with("[limits]\nidle_timeout_secs = 300").unwrap().limits.idle_timeout_secs,
            300
        );
        assert!(with("[limits]\nidle_timeout_secs = 0").is_err());
        let c = with("[limits]\nuser_sends_per_sec = 5\nuser_send_burst = 10").unwrap();
        assert_eq!((c.limits.user_sends_per_sec, c.limits.user_send_burst), (5, 10));
        assert_eq!((c.limits.connection_requests_per_sec, c.limits.connection_burst), (1000, 2000));
        assert!(with("[limits]\nconnection_burst = 0").is_err());
        assert_eq!(
            (c.limits.image_max_pixels, c.limits.image_decode_memory_bytes),
            (50_000_000, 512 << 20)
        );
        let c = with("[limits]\nimage_max_pixels = 2000000\nimage_decode_memory_bytes = 67108864")
            .unwrap();
        assert_eq!(
            (c.limits.image_max_pixels, c.limits.image_decode_memory_bytes),
            (2_000_000, 64 << 20)
        );
        assert!(with("[limits]\nimage_max_pixels = 0").is_err());
        assert!(with("[limits]\nimage_decode_memory_bytes = 1024").is_err());
        assert!(with("[limits]\nrequests = 5").is_err());
    }

    #[test]
    fn connection_limits_have_defaults_and_are_checked() {
        let with = |extra: &str| checked(&format!("[limits]\n{extra}")).map(|c| c.limits);
        let l = with("").unwrap();
        assert_eq!(l.header_timeout_secs, 10);
        assert_eq!(
            (l.max_connections, l.max_connections_per_address, l.max_pending_connections),
            (50_000, 1024, 4096)
        );
        let l = with(
            "header_timeout_secs = 3\nmax_connections = 100\nmax_connections_per_address = \
             10\nmax_pending_connections = 20",
        )
        .unwrap();
        assert_eq!(l.header_timeout_secs, 3);
        assert_eq!(
            (l.max_connections, l.max_connections_per_address, l.max_pending_connections),
            (100, 10, 20)
        );
        for zero in [
            "header_timeout_secs",
            "max_connections",
            "max_connections_per_address",
            "max_pending_connections",
        ] {
            assert!(with(&format!("{zero} = 0")).is_err(), "{zero}");
        }
        assert!(with("max_connections = -1").is_err());
    }

    #[test]
    fn the_queue_budget_and_sessions_per_user_have_defaults_and_are_checked() {
        let with = |extra: &str| checked(&format!("[limits]\n{extra}")).map(|c| c.limits);
        let l = with("").unwrap();
        assert_eq!((l.queued_bytes_total, l.sessions_per_user), (256 << 20, 10));
        let l = with("queued_bytes_total = 1073741824\nsessions_per_user = 3").unwrap();
        assert_eq!((l.queued_bytes_total, l.sessions_per_user), (1 << 30, 3));
        assert!(with("sessions_per_user = 0").is_err());
        assert!(with("queued_bytes_total = 1000").is_err(), "below one frame");
        assert!(with("queued_bytes_total = -1").is_err());
    }

    #[test]
    fn tls_needs_both_files() {
        let base = "[[apps]]\nsdkappid = 1\nkey = \"k\"\n";
        let c: Config = toml::from_str(base).unwrap();
        assert!(c.tls.is_none());
        let c: Config =
            toml::from_str(&format!("{base}[tls]\ncert = \"c.pem\"\nkey = \"k.pem\"")).unwrap();
        let tls = c.tls.unwrap();
        assert_eq!((tls.cert, tls.key), (PathBuf::from("c.pem"), PathBuf::from("k.pem")));
        assert!(toml::from_str::<Config>(&format!("{base}[tls]\ncert = \"c.pem\"")).is_err());
    }

    #[test]
    fn refuses_unknown_keys_and_missing_apps() {
        assert!(toml::from_str::<Config>("lisen = \"x\"").is_err());
        assert!(Config::default().check().is_err());
    }

    #[test]
    fn apps_are_distinct_and_the_legacy_app_is_one_of_them() {
        let with = |text: &str| {
            toml::from_str::<Config>(text).map_err(|e| e.to_string()).and_then(|c| c.check())
        };
        let two = "[[apps]]\nsdkappid = 1\nkey = \"k\"\n[[apps]]\nsdkappid = 2\nkey = \"j\"\n";
        with(two).unwrap();
        with(&format!("{two}[store]\nlegacy_sdkappid = 2")).unwrap();
        assert!(with(&format!("{two}[store]\nlegacy_sdkappid = 3")).is_err());
        assert!(with("[[apps]]\nsdkappid = 0\nkey = \"k\"").is_err());
        assert!(with("[[apps]]\nsdkappid = 1\nkey = \"k\"\n[[apps]]\nsdkappid = 1\nkey = \"j\"")
            .is_err());
    }

    #[test]
    fn webhook_urls_are_http_only() {
        let w = WebhookUrl::parse("http://127.0.0.1:8080/hooks/push?k=1").unwrap();
        assert_eq!(
            (w.authority.as_str(), w.target.as_str()),
            ("127.0.0.1:8080", "/hooks/push?k=1")
        );
        let w = WebhookUrl::parse("http://push.example").unwrap();
        assert_eq!((w.authority.as_str(), w.target.as_str()), ("push.example:80", "/"));
        assert!(WebhookUrl::parse("https://push.example/").is_err());
        assert!(WebhookUrl::parse("").is_err());
        assert!(WebhookUrl::parse("/just/a/path").is_err());
    }
}
