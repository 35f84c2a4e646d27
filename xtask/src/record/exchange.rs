//! One recorded request and the answer it got, as raw as they went over the wire.

/// A request the proxy forwarded and the upstream's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The method, upper case (`GET`).
    pub method: String,
    /// The path as sent (percent-encoded).
    pub path: String,
    /// The raw query string, without `?`.
    pub query: Option<String>,
    /// Request headers, names lower case.
    pub request_headers: Vec<(String, String)>,
    /// The request body.
    pub request_body: Vec<u8>,
    /// The response status.
    pub status: u16,
    /// Response headers, names lower case.
    pub response_headers: Vec<(String, String)>,
    /// The response body.
    pub response_body: Vec<u8>,
}

fn find<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl Exchange {
    /// A request header's value.
    pub fn request_header(&self, name: &str) -> Option<&str> {
        find(&self.request_headers, name)
    }

    /// A response header's value.
    pub fn response_header(&self, name: &str) -> Option<&str> {
        find(&self.response_headers, name)
    }

    /// The decoded query parameters, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query
            .as_deref()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The decoded fields of a form-encoded request body; `None` when the body is not
    /// form-encoded.
    pub fn form_pairs(&self) -> Option<Vec<(String, String)>> {
        let content_type = self.request_header("content-type")?;
        let mime = content_type.split(';').next().unwrap_or("").trim();
        mime.eq_ignore_ascii_case("application/x-www-form-urlencoded")
            .then(|| {
                url::form_urlencoded::parse(&self.request_body)
                    .into_owned()
                    .collect()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange() -> Exchange {
        Exchange {
            method: "POST".into(),
            path: "/".into(),
            query: Some("a=1&b=x%20y&c".into()),
            request_headers: vec![(
                "content-type".into(),
                "Application/X-WWW-Form-Urlencoded; charset=utf-8".into(),
            )],
            request_body: b"Action=RunInstances&Tag.1.Value=a+b".to_vec(),
            status: 200,
            response_headers: vec![("Content-Type".into(), "text/xml".into())],
            response_body: Vec::new(),
        }
    }

    #[test]
    fn query_and_form_are_decoded() {
        let e = exchange();
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            e.query_pairs(),
            pairs(&[("a", "1"), ("b", "x y"), ("c", "")])
        );
        assert_eq!(
            e.form_pairs().unwrap(),
            pairs(&[("Action", "RunInstances"), ("Tag.1.Value", "a b")])
        );
        assert_eq!(e.response_header("content-type"), Some("text/xml"));
    }

    #[test]
    fn non_form_bodies_have_no_form() {
        let mut e = exchange();
        e.request_headers = vec![("content-type".into(), "application/json".into())];
        assert!(e.form_pairs().is_none());
        e.request_headers.clear();
        assert!(e.form_pairs().is_none());
        e.query = None;
        assert!(e.query_pairs().is_empty());
    }
}
