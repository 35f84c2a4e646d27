//! The small HTTP/1 servers the tasks run on 127.0.0.1 (the recording proxy, the
//! benchmark servers): their accept loop, and a runtime thread of their own.

use std::convert::Infallible;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use hyper::body::{Body, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::runtime::Runtime;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use crate::{Error, Result};

/// Locks a server's shared state, taking it over from a handler that panicked.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

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

/// Serves every connection on `listener` with `handle(shared, request)` until `stop`
/// fires (or its sender is dropped), then aborts the open connections. `what` names the
/// server in the message printed when an accept fails. Answers may be whole
/// (`Full<Bytes>`) or streamed.
pub async fn accept_loop<S, F, Fut, B>(
    listener: TcpListener,
    what: &'static str,
    shared: Arc<S>,
    handle: F,
    mut stop: oneshot::Receiver<()>,
) where
    S: Send + Sync + 'static,
    F: Fn(Arc<S>, Request<Incoming>) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = std::result::Result<Response<B>, Infallible>> + Send + 'static,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let shared = shared.clone();
                    connections.spawn(async move {
                        let service = service_fn(move |req| handle(shared.clone(), req));
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
                Err(e) => {
                    eprintln!("xtask: {what} accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}
