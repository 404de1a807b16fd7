//! The harkd command line.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Args, Parser, Subcommand};
use harkd::config::{App, TlsConfig};
use harkd::{core::usersig, Config, Harkd};

#[derive(Parser)]
#[command(name = "harkd", version, about = "The Hark messaging server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server until SIGTERM or Ctrl-C.
    Serve {
        #[command(flatten)]
        conf: ConfArgs,
        /// Address to listen on (overrides the file); port 0 picks a free port.
        #[arg(long)]
        listen: Option<SocketAddr>,
        /// Data directory (overrides the file).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Serve TLS with this PEM certificate chain, with --tls-key (overrides the file).
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The PEM private key of --tls-cert.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Write the bound port to this file once listening (for scripts using port 0).
        #[arg(long)]
        port_file: Option<PathBuf>,
    },
    /// Print a UserSig for a user, signed with the app's key.
    Usersig {
        user: String,
        #[command(flatten)]
        conf: ConfArgs,
        /// Lifetime in seconds.
        #[arg(long, default_value_t = 86400 * 180)]
        expire: i64,
    },
}

#[derive(Args)]
struct ConfArgs {
    /// TOML configuration file.
    #[arg(long, short)]
    config: Option<PathBuf>,
    /// An app to accept, with --key (adds to the file's apps).
    #[arg(long, requires = "key")]
    sdkappid: Option<u32>,
    /// The app's UserSig key.
    #[arg(long, requires = "sdkappid")]
    key: Option<String>,
}

impl ConfArgs {
    fn load(&self) -> Result<Config, String> {
        let mut c = match &self.config {
            Some(p) => Config::load(p)?,
            None => Config::default(),
        };
        if let (Some(sdkappid), Some(key)) = (self.sdkappid, &self.key) {
            c.apps.insert(0, App { sdkappid, key: key.clone() });
        }
        Ok(c)
    }
}

fn main() {
    if let Err(e) = run(Cli::parse()) {
        eprintln!("harkd: {e}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Usersig { user, conf, expire } => {
            let c = conf.load()?;
            let app =
                c.apps.first().ok_or("no app configured: give --config or --sdkappid and --key")?;
            let now =
                SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
            println!("{}", usersig::generate(&app.key, app.sdkappid.into(), &user, now, expire));
            Ok(())
        }
        Command::Serve { conf, listen, data_dir, tls_cert, tls_key, port_file } => {
            let mut c = conf.load()?;
            if let Some(l) = listen {
                c.listen = l;
            }
            if let Some(d) = data_dir {
                c.data_dir = d;
            }
            if let (Some(cert), Some(key)) = (tls_cert, tls_key) {
                c.tls = Some(TlsConfig { cert, key });
            }
            serve(c, port_file)
        }
    }
}

fn serve(config: Config, port_file: Option<PathBuf>) -> Result<(), String> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HARK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    // Each connection is a file descriptor: take what the hard limit allows.
    match harkd::listen::raise_open_file_limit() {
        Ok((before, after)) if after > before => {
            tracing::info!("open-file limit raised from {before} to {after}")
        }
        Ok(_) => {}
        Err(e) => tracing::warn!("cannot raise the open-file limit: {e}"),
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let harkd = Harkd::open(config.clone())?;
        let (listener, addr) = harkd::bind(config.listen).await?;
        if let Some(p) = port_file {
            std::fs::write(&p, addr.port().to_string())
                .map_err(|e| format!("{}: {e}", p.display()))?;
        }
        harkd.serve(listener, stop_signal()).await
    })
}

async fn stop_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("installing the SIGTERM handler");
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    tracing::info!("stopping");
}
