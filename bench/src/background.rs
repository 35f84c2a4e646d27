//! A benchmark server on a free port of 127.0.0.1, served from a runtime thread of its
//! own so it never competes with the caller's thread, and stopped when dropped.

use std::convert::Infallible;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hyper::body::{Body, Incoming};
use hyper::{Request, Response};
use tokio::net::TcpListener;
use tokio::runtime::Runtime;
use tokio::sync::oneshot;
use xtask::serve::accept_loop;

use crate::{Error, Result};

/// A listener on a free port of 127.0.0.1 with a one-thread runtime to serve it.
pub struct Bound {
    runtime: Runtime,
    listener: TcpListener,
    addr: SocketAddr,
}

impl Bound {
    /// Binds; the runtime's thread is named `thread`.
    pub fn loopback(thread: &str) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name(thread)
            .enable_all()
            .build()
            .map_err(|e| Error::msg(format!("cannot start the {thread} runtime: {e}")))?;
        let listener = runtime
            .block_on(TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
            .map_err(|e| Error::msg(format!("cannot listen on 127.0.0.1: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::msg(format!("cannot read the {thread} address: {e}")))?;
        Ok(Bound {
            runtime,
            listener,
            addr,
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves every connection with `handle(shared, request)` until the returned
    /// server is dropped.
    pub fn serve<S, F, Fut, B>(self, what: &'static str, shared: Arc<S>, handle: F) -> Background
    where
        S: Send + Sync + 'static,
        F: Fn(Arc<S>, Request<Incoming>) -> Fut + Copy + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<Response<B>, Infallible>> + Send + 'static,
        B: Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let (shutdown, stop) = oneshot::channel();
        self.runtime
            .spawn(accept_loop(self.listener, what, shared, handle, stop));
        Background {
            addr: self.addr,
            shutdown: Some(shutdown),
            runtime: Some(self.runtime),
        }
    }
}

/// A server running on its own runtime thread. Dropping it stops it.
pub struct Background {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    runtime: Option<Runtime>,
}

impl Background {
    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_secs(2));
        }
    }
}
