//! The driver's options: addressing style and the multipart transfer settings, read
//! from `ProviderConfig::options`.

mod payload_signing;
mod upload_checksum;

use cloud_core::options::{OptionKind, OptionSpec};
use cloud_core::{ProviderConfig, Result};

pub use payload_signing::PayloadSigning;
pub(crate) use upload_checksum::RunningChecksum;
pub use upload_checksum::UploadChecksum;

use crate::PROVIDER_ID;

/// One mebibyte.
const MIB: u64 = 1024 * 1024;

/// Default size up to which an object is written with one `PutObject`: 16 MiB.
pub const DEFAULT_MULTIPART_THRESHOLD: u64 = 16 * MIB;

/// Default size of each multipart part: 8 MiB.
pub const DEFAULT_PART_SIZE: u64 = 8 * MIB;

/// Smallest part S3 accepts (every part but the last): 5 MiB.
pub const MIN_PART_SIZE: u64 = 5 * MIB;

/// Largest part S3 accepts: 5 GiB.
pub const MAX_PART_SIZE: u64 = 5 * 1024 * MIB;

/// Default number of parts uploaded at once.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// Most parts uploaded at once.
pub const MAX_CONCURRENCY: usize = 64;

/// Most parts one multipart upload may have.
pub const MAX_PARTS: u64 = 10_000;

/// Where the bucket name goes in a request URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressingStyle {
    /// `https://BUCKET.s3.REGION.amazonaws.com/KEY`: AWS's default.
    Virtual,
    /// `https://s3.REGION.amazonaws.com/BUCKET/KEY`: what most S3-compatible servers
    /// expect, and what dotted bucket names need over TLS.
    Path,
}

impl AddressingStyle {
    /// Parses `virtual` or `path`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "virtual" => Some(AddressingStyle::Virtual),
            "path" => Some(AddressingStyle::Path),
            _ => None,
        }
    }
}

/// The driver's tunable behaviour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Options {
    /// Where the bucket name goes: virtual-hosted by default, path style by default when
    /// an endpoint is given (option `addressing_style`).
    pub addressing: AddressingStyle,
    /// Objects up to this size go up in one request, read into memory first; larger
    /// ones in parts (option `multipart_threshold`, at most 5 GiB).
    pub multipart_threshold: u64,
    /// Size of each part (option `part_size`, 5 MiB to 5 GiB).
    pub part_size: u64,
    /// Parts uploaded at once (option `multipart_concurrency`, 1 to 64). Memory for an
    /// upload is bounded by `part_size × multipart_concurrency`.
    pub concurrency: usize,
    /// The checksum every uploaded body carries (option `upload_checksum`: `crc32c`,
    /// the default, or `md5`).
    pub upload_checksum: UploadChecksum,
    /// Whether upload bodies are signed (option `payload_signing`: `auto`, the
    /// default, `signed` or `unsigned`).
    pub payload_signing: PayloadSigning,
}

impl Default for S3Options {
    fn default() -> Self {
        S3Options {
            addressing: AddressingStyle::Virtual,
            multipart_threshold: DEFAULT_MULTIPART_THRESHOLD,
            part_size: DEFAULT_PART_SIZE,
            concurrency: DEFAULT_CONCURRENCY,
            upload_checksum: UploadChecksum::Crc32c,
            payload_signing: PayloadSigning::Auto,
        }
    }
}

/// `addressing_style`.
const ADDRESSING_STYLE: OptionSpec = OptionSpec::new(
    "addressing_style",
    OptionKind::Choice {
        choices: &["virtual", "path"],
    },
    "where the bucket name goes (default virtual; path with an endpoint override)",
);

/// `multipart_threshold`.
const MULTIPART_THRESHOLD: OptionSpec = OptionSpec::new(
    "multipart_threshold",
    OptionKind::Bytes {
        min: 0,
        max: MAX_PART_SIZE,
    },
    "objects up to this size go up in one request",
)
.default_value("16MiB");

/// `part_size`.
const PART_SIZE: OptionSpec = OptionSpec::new(
    "part_size",
    OptionKind::Bytes {
        min: MIN_PART_SIZE,
        max: MAX_PART_SIZE,
    },
    "size of each multipart part",
)
.default_value("8MiB");

/// `multipart_concurrency`.
const MULTIPART_CONCURRENCY: OptionSpec = OptionSpec::new(
    "multipart_concurrency",
    OptionKind::Count {
        min: 1,
        max: MAX_CONCURRENCY as u64,
    },
    "parts uploaded at once (memory is bounded by part_size x this)",
)
.default_value("4");

/// `upload_checksum`.
const UPLOAD_CHECKSUM: OptionSpec = OptionSpec::new(
    "upload_checksum",
    OptionKind::Choice {
        choices: &["crc32c", "md5"],
    },
    "the checksum every uploaded body carries (md5 for older S3-compatible servers)",
)
.default_value("crc32c");

/// `payload_signing`.
const PAYLOAD_SIGNING: OptionSpec = OptionSpec::new(
    "payload_signing",
    OptionKind::Choice {
        choices: &["auto", "signed", "unsigned"],
    },
    "whether upload bodies are signed (auto: unsigned over https, signed over http)",
)
.default_value("auto");

/// The options S3 reads.
pub(crate) const OPTIONS: &[OptionSpec] = &[
    ADDRESSING_STYLE,
    MULTIPART_THRESHOLD,
    PART_SIZE,
    MULTIPART_CONCURRENCY,
    UPLOAD_CHECKSUM,
    PAYLOAD_SIGNING,
];

impl S3Options {
    /// Reads the options from `config.options`; `endpoint_overridden` picks the default
    /// addressing style (path style for a custom endpoint). A bad value is an
    /// `InvalidInput` error naming the option and what it takes.
    ///
    /// Sizes are bytes, optionally with a unit (`8MiB`, `5 MB`).
    pub fn from_config(config: &ProviderConfig, endpoint_overridden: bool) -> Result<Self> {
        let id = PROVIDER_ID;
        let mut options = S3Options::default();
        if endpoint_overridden {
            options.addressing = AddressingStyle::Path;
        }
        let choice = |spec: &OptionSpec| config.option_text(id, spec);
        if let Some(text) = choice(&ADDRESSING_STYLE)? {
            options.addressing = AddressingStyle::parse(&text).unwrap_or(options.addressing);
        }
        if let Some(size) = config.option_number(id, &MULTIPART_THRESHOLD)? {
            options.multipart_threshold = size;
        }
        if let Some(size) = config.option_number(id, &PART_SIZE)? {
            options.part_size = size;
        }
        if let Some(n) = config.option_number(id, &MULTIPART_CONCURRENCY)? {
            options.concurrency = n as usize;
        }
        if let Some(text) = choice(&UPLOAD_CHECKSUM)? {
            options.upload_checksum =
                UploadChecksum::parse(&text).unwrap_or(options.upload_checksum);
        }
        if let Some(text) = choice(&PAYLOAD_SIGNING)? {
            options.payload_signing =
                PayloadSigning::parse(&text).unwrap_or(options.payload_signing);
        }
        Ok(options)
    }

    /// The part size for an upload of `size` bytes (when known): the configured one,
    /// grown to the next MiB where needed so the upload fits in 10 000 parts.
    pub fn part_size_for(&self, size: Option<u64>) -> u64 {
        match size {
            Some(size) if size.div_ceil(self.part_size) > MAX_PARTS => {
                size.div_ceil(MAX_PARTS).div_ceil(MIB) * MIB
            }
            _ => self.part_size,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    fn config(pairs: &[(&str, &str)]) -> ProviderConfig {
        let mut c = ProviderConfig::default();
        for (k, v) in pairs {
            c.options.insert(k.to_string(), v.to_string());
        }
        c
    }

    #[test]
    fn defaults_follow_the_endpoint() {
        let o = S3Options::from_config(&config(&[]), false).unwrap();
        assert_eq!(o, S3Options::default());
        let o = S3Options::from_config(&config(&[]), true).unwrap();
        assert_eq!(o.addressing, AddressingStyle::Path);
        let o = S3Options::from_config(&config(&[("addressing_style", "Virtual")]), true).unwrap();
        assert_eq!(o.addressing, AddressingStyle::Virtual);
    }

    #[test]
    fn sizes_and_limits() {
        let o = S3Options::from_config(
            &config(&[
                ("multipart_threshold", "1 KiB"),
                ("part_size", "5MiB"),
                ("multipart_concurrency", "2"),
                ("upload_checksum", "MD5"),
                ("payload_signing", "unsigned"),
            ]),
            false,
        )
        .unwrap();
        assert_eq!(o.multipart_threshold, 1024);
        assert_eq!(o.part_size, 5 * MIB);
        assert_eq!(o.concurrency, 2);
        assert_eq!(o.upload_checksum, UploadChecksum::Md5);
        assert_eq!(o.payload_signing, PayloadSigning::Unsigned);
        for bad in [
            ("part_size", "4MiB"),
            ("part_size", "6GiB"),
            ("part_size", "lots"),
            ("multipart_concurrency", "0"),
            ("multipart_concurrency", "65"),
            ("multipart_threshold", "-1"),
            ("multipart_threshold", "6GiB"),
            ("multipart_threshold", "99999999999999999999GiB"),
            ("addressing_style", "dns"),
            ("upload_checksum", "sha1"),
            ("payload_signing", "sometimes"),
        ] {
            let err = S3Options::from_config(&config(&[bad]), false).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
            assert!(err.message().contains(bad.0), "{err}");
        }
    }

    #[test]
    fn part_size_grows_to_fit_ten_thousand_parts() {
        let o = S3Options::default();
        assert_eq!(o.part_size_for(None), 8 * MIB);
        assert_eq!(o.part_size_for(Some(1024 * MIB)), 8 * MIB);
        let huge = 200 * 1024 * MIB;
        let part = o.part_size_for(Some(huge));
        assert!(huge.div_ceil(part) <= MAX_PARTS);
        assert_eq!(part % MIB, 0);
    }
}
