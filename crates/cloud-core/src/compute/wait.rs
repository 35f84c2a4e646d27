//! Waiting for a node to reach a state, or to be gone.

use super::{Compute, Node, NodeState};
use crate::operation::{OperationRef, PollStep, WaitOptions, poll_until};
use crate::{Error, ErrorKind, Result};

/// Polls `get_node` until `done(&node)` holds, calling `on_poll` with every node seen.
///
/// Fails with `Timeout` when `options.timeout` passes, and at once when the node reaches
/// `Error` or `Terminated` without `done` holding, or when `get_node` fails. Dropping
/// the returned future stops polling.
pub async fn wait_for_node_state(
    compute: &dyn Compute,
    id: &str,
    done: impl Fn(&Node) -> bool + Send,
    options: &WaitOptions,
    mut on_poll: impl FnMut(&Node) + Send,
) -> Result<Node> {
    let mut last_state = None;
    let last = &mut last_state;
    let outcome = poll_until(
        options,
        || compute.get_node(id),
        move |answer: Result<Node>| {
            let node = match answer {
                Ok(node) => node,
                Err(err) => return PollStep::Done(Err(err)),
            };
            on_poll(&node);
            if done(&node) {
                return PollStep::Done(Ok(node));
            }
            if matches!(node.state, NodeState::Error | NodeState::Terminated) {
                return PollStep::Done(Err(wait_error(
                    compute,
                    ErrorKind::Provider,
                    format!("node {id} reached state {} while waiting", node.state),
                )));
            }
            *last = Some(node.state);
            PollStep::Again
        },
    )
    .await;
    outcome.unwrap_or_else(|| {
        let state = last_state.map(|s| s.to_string()).unwrap_or_default();
        Err(wait_error(
            compute,
            ErrorKind::Timeout,
            format!("node {id} still {state} after {:?}", options.timeout),
        ))
    })
}

/// Waits until the node is `Running`.
pub async fn wait_until_running(
    compute: &dyn Compute,
    id: &str,
    options: &WaitOptions,
) -> Result<Node> {
    wait_for_node_state(
        compute,
        id,
        |n| n.state == NodeState::Running,
        options,
        |_| {},
    )
    .await
}

/// Waits until the node is gone: `get_node` answers `NotFound` or reports it
/// `Terminated`.
///
/// Retryable `get_node` errors are tolerated until the deadline; others are returned at
/// once. Fails with `Timeout` when `options.timeout` passes. Dropping the returned
/// future stops polling.
pub async fn wait_until_gone(compute: &dyn Compute, id: &str, options: &WaitOptions) -> Result<()> {
    let mut last_seen = None;
    let last = &mut last_seen;
    let outcome = poll_until(
        options,
        || compute.get_node(id),
        move |answer: Result<Node>| match answer {
            Ok(node) if node.state == NodeState::Terminated => PollStep::Done(Ok(())),
            Ok(node) => {
                *last = Some(format!("still {}", node.state));
                PollStep::Again
            }
            Err(err) if err.kind() == ErrorKind::NotFound => PollStep::Done(Ok(())),
            Err(err) if err.is_retryable() => {
                tracing::debug!(node = id, error = %err, "polling failed; trying again");
                *last = Some(format!("last poll failed: {err}"));
                PollStep::Again
            }
            Err(err) => PollStep::Done(Err(err)),
        },
    )
    .await;
    outcome.unwrap_or_else(|| {
        let last = last_seen.unwrap_or_else(|| "not gone".to_string());
        Err(wait_error(
            compute,
            ErrorKind::Timeout,
            format!("node {id} {last} after {:?}", options.timeout),
        ))
    })
}

/// Waits for a long-running operation `compute` reported (see [`Node::operation`]),
/// polling [`Compute::operation_status`] with `options`' jittered interval until it
/// succeeds, fails (an error of kind `Provider` carrying the provider's code and reason)
/// or `options.timeout` passes (`Timeout`). Dropping the future stops the polling.
pub async fn wait_for_operation(
    compute: &dyn Compute,
    operation: &OperationRef,
    options: &WaitOptions,
) -> Result<()> {
    crate::operation::wait_for_operation(
        operation,
        options,
        || compute.operation_status(operation),
        |_| {},
    )
    .await
}

fn wait_error(compute: &dyn Compute, kind: ErrorKind, message: String) -> Error {
    Error::new(kind, message)
        .with_provider(compute.provider_id())
        .with_operation("wait")
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use async_trait::async_trait;

    use super::*;
    use crate::BoxStream;
    use crate::compute::{ComputeCapabilities, CreateNode, Image, Location, Size};
    use crate::operation::OperationStatus;

    /// What the scripted driver's `get_node` answers.
    #[derive(Debug, Clone)]
    enum Answer {
        State(NodeState),
        NotFound,
        Unreachable,
        Denied,
        Operation(OperationStatus),
    }

    /// A driver whose `get_node` answers from a script, one entry per call, repeating
    /// the last entry once the script runs out.
    #[derive(Debug)]
    struct ScriptedCompute {
        script: Vec<Answer>,
        polls: Mutex<usize>,
    }

    impl ScriptedCompute {
        fn new(script: Vec<Answer>) -> Self {
            ScriptedCompute {
                script,
                polls: Mutex::new(0),
            }
        }

        fn polls(&self) -> usize {
            *self.polls.lock().unwrap()
        }

        fn next(&self) -> Answer {
            let mut polls = self.polls.lock().unwrap();
            *polls += 1;
            self.script[(*polls - 1).min(self.script.len() - 1)].clone()
        }
    }

    fn node(id: &str, state: NodeState) -> Node {
        Node {
            id: id.to_string(),
            name: id.to_string(),
            state,
            public_ips: Vec::new(),
            private_ips: Vec::new(),
            size: None,
            image: None,
            location: None,
            created_at: None,
            tags: Default::default(),
            extra: Default::default(),
            operation: None,
        }
    }

    #[async_trait]
    impl Compute for ScriptedCompute {
        fn provider_id(&self) -> &str {
            "scripted"
        }

        fn capabilities(&self) -> ComputeCapabilities {
            ComputeCapabilities::default()
        }

        fn as_any(&self) -> &dyn std::any::Any {
            self
        }

        fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
            Box::pin(futures::stream::empty())
        }

        async fn get_node(&self, id: &str) -> Result<Node> {
            match self.next() {
                Answer::State(state) => Ok(node(id, state)),
                Answer::NotFound => Err(Error::not_found(format!("node {id} does not exist"))),
                Answer::Unreachable => Err(Error::new(ErrorKind::Transport, "connection reset")),
                Answer::Denied => Err(Error::new(ErrorKind::PermissionDenied, "not allowed")),
                Answer::Operation(_) => Err(Error::malformed("the script answers operations")),
            }
        }

        async fn operation_status(&self, _operation: &OperationRef) -> Result<OperationStatus> {
            match self.next() {
                Answer::Operation(status) => Ok(status),
                Answer::Unreachable => Err(Error::new(ErrorKind::Transport, "connection reset")),
                _ => Err(Error::malformed("the script answers nodes")),
            }
        }

        async fn create_node(&self, _request: &CreateNode) -> Result<Node> {
            Err(self.unsupported("create_node"))
        }

        async fn destroy_node(&self, _id: &str) -> Result<()> {
            Err(self.unsupported("destroy_node"))
        }

        fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
            Box::pin(futures::stream::empty())
        }

        fn list_images(&self) -> BoxStream<'_, Result<Image>> {
            Box::pin(futures::stream::empty())
        }

        fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
            Box::pin(futures::stream::empty())
        }
    }

    fn options() -> WaitOptions {
        WaitOptions {
            poll_interval: Duration::from_secs(3),
            timeout: Duration::from_secs(30),
            jitter: 0.0,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn wait_until_running_returns_the_running_node() {
        let compute = ScriptedCompute::new(vec![
            Answer::State(NodeState::Pending),
            Answer::State(NodeState::Running),
        ]);
        let node = wait_until_running(&compute, "n-1", &options())
            .await
            .unwrap();
        assert_eq!(node.state, NodeState::Running);
        assert_eq!(compute.polls(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn wait_for_node_state_times_out_naming_the_last_state() {
        let compute = ScriptedCompute::new(vec![Answer::State(NodeState::Pending)]);
        let err = wait_until_running(&compute, "n-1", &options())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Timeout);
        assert_eq!(
            err.to_string(),
            "scripted wait: node n-1 still pending after 30s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn wait_for_node_state_stops_at_a_terminal_state() {
        let compute = ScriptedCompute::new(vec![Answer::State(NodeState::Error)]);
        let err = wait_until_running(&compute, "n-1", &options())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Provider);
        assert_eq!(compute.polls(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn wait_until_gone_ends_when_the_node_is_not_found() {
        let compute = ScriptedCompute::new(vec![
            Answer::State(NodeState::Terminating),
            Answer::Unreachable,
            Answer::State(NodeState::Terminating),
            Answer::NotFound,
        ]);
        wait_until_gone(&compute, "n-1", &options()).await.unwrap();
        assert_eq!(compute.polls(), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn wait_until_gone_ends_when_the_node_is_terminated() {
        let compute = ScriptedCompute::new(vec![
            Answer::State(NodeState::Running),
            Answer::State(NodeState::Terminated),
        ]);
        wait_until_gone(&compute, "n-1", &options()).await.unwrap();
        assert_eq!(compute.polls(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn wait_until_gone_times_out_while_the_node_lingers() {
        let compute = ScriptedCompute::new(vec![Answer::State(NodeState::Stopping)]);
        let err = wait_until_gone(&compute, "n-1", &options())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Timeout);
        assert_eq!(
            err.to_string(),
            "scripted wait: node n-1 still stopping after 30s"
        );
        assert_eq!(compute.polls(), 11, "every 3 s from 0 to 30 s");
    }

    #[tokio::test(start_paused = true)]
    async fn wait_until_gone_returns_a_non_retryable_error_at_once() {
        let compute = ScriptedCompute::new(vec![Answer::Denied]);
        let err = wait_until_gone(&compute, "n-1", &options())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied);
        assert_eq!(compute.polls(), 1);
    }

    fn operation() -> OperationRef {
        OperationRef::new("scripted", "create_node", "operation-17").with_resource("n-1")
    }

    #[tokio::test(start_paused = true)]
    async fn wait_for_operation_follows_the_drivers_status_to_success() {
        let running = OperationStatus::Running {
            progress: Some(40),
            detail: None,
        };
        let compute = ScriptedCompute::new(vec![
            Answer::Operation(running.clone()),
            Answer::Unreachable,
            Answer::Operation(running),
            Answer::Operation(OperationStatus::Succeeded),
        ]);
        wait_for_operation(&compute, &operation(), &options())
            .await
            .unwrap();
        assert_eq!(compute.polls(), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn wait_for_operation_surfaces_the_providers_reason() {
        let compute = ScriptedCompute::new(vec![Answer::Operation(OperationStatus::Failed {
            code: Some("QUOTA_EXCEEDED".into()),
            message: "Quota 'CPUS' exceeded".into(),
        })]);
        let err = wait_for_operation(&compute, &operation(), &options())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Provider);
        assert_eq!(err.code(), Some("QUOTA_EXCEEDED"));
        assert!(err.to_string().contains("Quota 'CPUS' exceeded"), "{err}");
    }

    #[test]
    fn a_node_without_an_operation_serializes_as_before() {
        let json = serde_json::to_value(node("n", NodeState::Running)).unwrap();
        assert!(json.get("operation").is_none(), "{json}");
        let mut busy = node("n", NodeState::Pending);
        busy.operation = Some(operation());
        let json = serde_json::to_value(&busy).unwrap();
        assert_eq!(json["operation"]["id"], "operation-17");
        let back: Node = serde_json::from_value(json).unwrap();
        assert_eq!(back, busy);
    }
}
