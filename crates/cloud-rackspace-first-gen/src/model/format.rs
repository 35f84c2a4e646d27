//! The two wire formats of the v1.0 API.

/// The XML namespace of every v1.0 document.
pub const NAMESPACE: &str = "http://docs.rackspacecloud.com/servers/api/v1.0";

/// The format the driver asks for (`Accept`) and sends (`Content-Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `application/json`, the default.
    #[default]
    Json,
    /// `application/xml`, in the v1.0 namespace.
    Xml,
}

impl Format {
    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "application/xml",
        }
    }
}
