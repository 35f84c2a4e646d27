//! Asynchronous jobs: every change (`POST`, `PUT`, `DELETE`) answers `202 Accepted` with
//! a job, and `GET /status/{jobId}?showDetails=true` tells where it stands:
//! `INITIALIZED` or `RUNNING`, then `COMPLETED` (with the created items in `response`)
//! or `ERROR` (with `error`: a code, a message, details, and for bulk calls the faults of
//! the items that failed). From "Synchronous and asynchronous responses" in the API
//! reference.

use cloud_core::Result;
use serde::Deserialize;
use serde_json::Value;

use super::parse_json;

/// Where a job stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobStatus {
    /// Accepted, not started.
    Initialized,
    /// Being worked on.
    Running,
    /// Done.
    Completed,
    /// Failed; see [`Job::error`].
    Error,
    /// A word this driver does not know, taken as still running.
    Other(String),
}

impl JobStatus {
    fn from_word(word: &str) -> JobStatus {
        match word.to_ascii_uppercase().as_str() {
            "INITIALIZED" => JobStatus::Initialized,
            "RUNNING" => JobStatus::Running,
            "COMPLETED" => JobStatus::Completed,
            "ERROR" => JobStatus::Error,
            _ => JobStatus::Other(word.to_string()),
        }
    }

    /// Whether the job has finished, either way.
    pub fn is_finished(&self) -> bool {
        matches!(self, JobStatus::Completed | JobStatus::Error)
    }
}

/// One fault of a failed job (an item of `failedItems.faults`, or the error itself).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct JobFault {
    /// An HTTP-like status code (400, 404, 409, 500).
    #[serde(default)]
    pub code: Option<u16>,
    /// A short message.
    #[serde(default)]
    pub message: Option<String>,
    /// The details, often the most telling part.
    #[serde(default)]
    pub details: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
struct FailedItems {
    #[serde(default)]
    faults: Vec<JobFault>,
}

/// Why a job failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobError {
    /// The job's own code, message and details.
    #[serde(flatten)]
    pub fault: JobFault,
    #[serde(default)]
    failed_items: Option<FailedItems>,
}

impl JobError {
    /// The faults of the items that failed (bulk calls), else none.
    pub fn item_faults(&self) -> &[JobFault] {
        self.failed_items
            .as_ref()
            .map(|f| f.faults.as_slice())
            .unwrap_or_default()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawJob {
    job_id: String,
    status: String,
    #[serde(default)]
    callback_url: Option<String>,
    #[serde(default)]
    verb: Option<String>,
    #[serde(default)]
    request_url: Option<String>,
    #[serde(default)]
    response: Option<Value>,
    #[serde(default)]
    error: Option<JobError>,
}

/// An asynchronous job, as the answer to a change or a status poll gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The job id, polled at `/status/{jobId}`.
    pub id: String,
    /// Where it stands.
    pub status: JobStatus,
    /// The URL the service gives for polling (not followed: the driver polls its own
    /// endpoint).
    pub callback_url: Option<String>,
    /// The method of the call that started it.
    pub verb: Option<String>,
    /// The URL of the call that started it.
    pub request_url: Option<String>,
    /// What the finished call answered (created domains or records), when it answers
    /// something.
    pub response: Option<Value>,
    /// Why it failed, for `ERROR`.
    pub error: Option<JobError>,
}

/// A job: the `202` answer to a change, or a status poll.
pub fn parse_job(body: &[u8]) -> Result<Job> {
    let raw: RawJob = parse_json(body, "an asynchronous job")?;
    Ok(Job {
        id: raw.job_id,
        status: JobStatus::from_word(&raw.status),
        callback_url: raw.callback_url,
        verb: raw.verb,
        request_url: raw.request_url,
        response: raw.response,
        error: raw.error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn jobs_read_with_their_status_and_answer() {
        let job = parse_job(
            br#"{"jobId": "852a1e4a-2dde-4e30-b8e5-d6a09ed13a37", "status": "COMPLETED",
                 "callbackUrl": "https://dns.api.rackspacecloud.com/v1.0/123456/status/852a1e4a-2dde-4e30-b8e5-d6a09ed13a37",
                 "verb": "POST", "response": {"domains": []}}"#,
        )
        .unwrap();
        assert_eq!(job.status, JobStatus::Completed);
        assert!(job.status.is_finished());
        assert_eq!(job.response.unwrap()["domains"], serde_json::json!([]));
        let running = parse_job(br#"{"jobId": "j", "status": "Running"}"#).unwrap();
        assert_eq!(running.status, JobStatus::Running);
        let odd = parse_job(br#"{"jobId": "j", "status": "QUEUED"}"#).unwrap();
        assert!(!odd.status.is_finished());
    }

    #[test]
    fn failed_jobs_keep_every_fault() {
        let job = parse_job(
            br#"{"jobId": "j", "status": "ERROR", "error": {"code": 500,
                 "message": "One or more items could not be added.",
                 "failedItems": {"faults": [{"code": 409, "message": "Conflict",
                 "details": "Domain already exists"}]}}}"#,
        )
        .unwrap();
        let error = job.error.unwrap();
        assert_eq!(error.fault.code, Some(500));
        assert_eq!(error.item_faults().len(), 1);
        assert_eq!(
            error.item_faults()[0].details.as_deref(),
            Some("Domain already exists")
        );
    }

    #[test]
    fn garbage_is_malformed() {
        for body in [
            b"".as_slice(),
            b"{\"jobId\": \"j\", \"sta",
            br#"{"status": "RUNNING"}"#,
            br#"{"jobId": 5, "status": "RUNNING"}"#,
            br#"{"jobId": "j", "status": "ERROR", "error": {"code": "x"}}"#,
        ] {
            assert_eq!(
                parse_job(body).unwrap_err().kind(),
                ErrorKind::MalformedResponse,
                "{body:?}"
            );
        }
    }
}
